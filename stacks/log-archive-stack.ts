import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { AccessLogBucket } from "../modules/access-log-bucket";
import { CloudTrailArchive } from "../modules/cloudtrail-archive";
import { AccessLogProcessor } from "../modules/access-log-processor";
import { AlarmTopic } from "../modules/alarm-topic";
import { HardenedBucket, housekeepingRules } from "../modules/hardened-bucket";
import { accountRoot } from "../modules/iam";
import { suppressGuardrail } from "../modules/guardrails";
import { declaredAccounts } from "../config/accounts";
import { AccountStack } from "./account-stack";

/**
 * The log-archive account, home region: the CloudTrail archive and its KMS key; the
 * access-log archive that every account's access-log buckets replicate to; and this
 * account's own access-log bucket for the home region (which the archive bucket logs
 * into; the baseline stack of this account and region uses it rather than making
 * another).
 */
export class LogArchiveStack extends AccountStack {
  readonly archive: CloudTrailArchive;
  readonly accessLogs: AccessLogBucket;
  readonly accessLogArchive: HardenedBucket;

  constructor(scope: Construct, id: string, config: OrganizationConfig) {
    const accountId = config.accounts.logArchive.id;
    const region = config.organization.homeRegion;
    super(scope, id, { config, accountId, region });
    const names = this.names;

    // Not logged: its writes are replicas of access logs, and logging them would
    // produce access logs that are replicated back here, without end.
    const archiveName = names.accessLogArchiveBucket(accountId);
    const archiveArn = `arn:aws:s3:::${archiveName}`;
    // Every account of the organization, named; the conditions narrow to its
    // replication roles.
    const replicators = declaredAccounts(config).map((a) => accountRoot(a.id));
    this.accessLogArchive = new HardenedBucket(this, "access-log-archive", {
      bucketName: archiveName,
      encryption: { type: "SSE-S3" },
      protectFromDestroy: true,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: config.archive.accessLogExpirationDays }],
        },
        ...housekeepingRules(30),
      ],
      policyStatements: [
        {
          Sid: "ReplicationFromOrganizationAccessLogBuckets",
          Effect: "Allow",
          Principal: { AWS: replicators },
          Action: [
            "s3:ReplicateObject",
            "s3:ReplicateDelete",
            "s3:ReplicateTags",
            "s3:ObjectOwnerOverrideToBucketOwner",
          ],
          Resource: `${archiveArn}/*`,
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": config.organization.id },
            ArnLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${names.accessLogReplicationRolePrefix()}*` },
          },
        },
        {
          Sid: "ReplicationChecksVersioning",
          Effect: "Allow",
          Principal: { AWS: replicators },
          Action: ["s3:GetBucketVersioning", "s3:ListBucket"],
          Resource: archiveArn,
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": config.organization.id },
            ArnLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${names.accessLogReplicationRolePrefix()}*` },
          },
        },
      ],
    });

    suppressGuardrail(
      this.accessLogArchive,
      "s3-access-logging",
      "It receives replicated access logs; logging its writes would produce access logs replicated back into it, without end.",
    );

    this.accessLogs = new AccessLogBucket(this, "access-logs", {
      bucketName: names.accessLogBucket(accountId, region),
      accountId,
      expirationDays: config.archive.accessLogExpirationDays,
      replication: {
        destinationBucketName: archiveName,
        destinationAccountId: accountId,
        roleName: names.accessLogReplicationRole(region),
      },
    });

    const accessLogAlarms = new AlarmTopic(this, "access-log-alarm-topic", {
      topicName: `${config.organization.name}-access-log-alarms`,
      accountId,
      region,
      emails: config.notifications.emails,
      httpsEndpoints: config.notifications.httpsEndpoints,
    });
    new AccessLogProcessor(this, "access-log-processor", {
      alarmTopicArn: accessLogAlarms.topic.arn,
      functionName: `${config.organization.name}-access-log-processor`,
      sourceBucket: this.accessLogArchive,
      accountId,
      region,
      recordsLogGroupName: `${config.organization.name}/s3-access-logs`,
      logRetentionDays: config.trail.cloudWatchLogsRetentionDays,
    });

    this.archive = new CloudTrailArchive(this, "cloudtrail-archive", {
      bucketName: names.cloudTrailArchiveBucket(accountId),
      keyAlias: names.cloudTrailArchiveKeyAlias(),
      accountId,
      organizationId: config.organization.id,
      managementAccountId: config.accounts.management.id,
      trailArn: names.trailArn(region, config.accounts.management.id, config.trail.name),
      accessLogBucket: this.accessLogs,
      readerArns: config.archive.readers,
      objectLock: config.archive.objectLock,
      transitionToGlacierDays: config.archive.transitionToGlacierDays,
      expirationDays: config.archive.expirationDays,
    });

    new TerraformOutput(this, "archive_bucket", { value: this.archive.archive.bucketName });
    new TerraformOutput(this, "archive_key_arn", { value: this.archive.key.arn });
    new TerraformOutput(this, "access_log_archive_bucket", { value: archiveName });
  }
}
