import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { AccessLogBucket, accessLogAccountPrefix } from "../modules/access-log-bucket";
import { CloudTrailArchive } from "../modules/cloudtrail-archive";
import { AccessLogProcessor } from "../modules/access-log-processor";
import { AlarmTopic } from "../modules/alarm-topic";
import { Key } from "../modules/references";
import { HardenedBucket, housekeepingRules } from "../modules/hardened-bucket";
import { suppressGuardrail } from "../modules/guardrails";
import { policyVariable } from "../modules/iam";
import { declaredAccounts } from "../config/accounts";
import { topology } from "../config/topology";
import { AWS_REGIONS } from "../config/regions";
import { LogAnalystRole, LogAnalytics } from "../modules/log-analytics";
import { AccountStack } from "./account-stack";
import { scanLimitBytes } from "../modules/log-analytics/defaults";

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
  readonly analytics?: LogAnalytics;
  readonly configHistory?: HardenedBucket;

  constructor(scope: Construct, id: string, config: OrganizationConfig) {
    const { logArchiveAccountId: accountId, homeRegion: region } = topology(config);
    super(scope, id, { config, accountId, region });
    const names = this.names;

    // Not logged: its writes are replicas of access logs, and logging them would
    // produce access logs that are replicated back here, without end.
    const archiveName = names.accessLogArchiveBucket(accountId);
    const archiveArn = names.bucketArn(archiveName);
    // Every replicating account writes under its own id only (the key format starts
    // with the logged account); nobody replicates a deletion into the archive, and
    // Object Lock keeps each replica for as long as access logs are kept.
    const ownPrefix = `${archiveArn}/${accessLogAccountPrefix(policyVariable("aws:PrincipalAccount"))}*`;
    const replicationRoles = {
      StringEquals: { "aws:PrincipalOrgID": config.organization.id },
      ArnLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${names.accessLogReplicationRolePrefix()}*` },
    };
    const expirationDays = config.archive.accessLogExpirationDays;
    this.accessLogArchive = new HardenedBucket(this, "access-log-archive", {
      bucketName: archiveName,
      encryption: { type: "SSE-S3" },
      // A replication destination, not a log-delivery target, so it can be locked:
      // replicas take this default retention, for as long as access logs are kept.
      objectLock: { mode: config.archive.objectLock.mode, days: expirationDays },
      protectFromDestroy: true,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: expirationDays }],
        },
        // A replaced or deleted log version is kept as long as a current one would be.
        ...housekeepingRules(expirationDays),
      ],
      policyStatements: [
        {
          Sid: "OrganizationReplicatesIntoOwnPrefix",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:ReplicateObject", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
          Resource: ownPrefix,
          Condition: replicationRoles,
        },
        {
          Sid: "ReplicationChecksVersioning",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetBucketVersioning", "s3:ListBucket"],
          Resource: archiveArn,
          Condition: replicationRoles,
        },
        {
          Sid: "DenyWritesOutsideOwnPrefix",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:ReplicateObject", "s3:ReplicateTags", "s3:PutObject"],
          NotResource: ownPrefix,
        },
        {
          Sid: "DenyReplicatedDeletionsAndRetentionBypass",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:ReplicateDelete", "s3:BypassGovernanceRetention"],
          Resource: `${archiveArn}/*`,
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
      expirationDays: config.archive.accessLogExpirationDays,
      replication: {
        destination: this.accessLogArchive,
        destinationAccountId: accountId,
        roleName: names.accessLogReplicationRole(region),
      },
    });

    const accessLogAlarms = new AlarmTopic(this, "access-log-alarm-topic", {
      topicName: `${config.organization.name}-access-log-alarms`,
      emails: config.notifications.emails,
      httpsEndpoints: config.notifications.httpsEndpoints,
    });
    new AccessLogProcessor(this, "access-log-processor", {
      alarmTopic: accessLogAlarms,
      functionName: `${config.organization.name}-access-log-processor`,
      sourceBucket: this.accessLogArchive,
      recordsLogGroupName: `${config.organization.name}/s3-access-logs`,
      logRetentionDays: config.trail.cloudWatchLogsRetentionDays,
      reservedConcurrency: config.lambda.reservedConcurrency.accessLogProcessor,
    });

    // AWS Config's configuration history, where this project creates the recorders.
    if (config.audit.config.enabled && config.audit.config.createRecorders) {
      this.configHistory = this.configHistoryBucket(config);
      this.accessLogs.logsFor(this.configHistory);
    }

    // The analyst role exists before the archive key, whose policy names it.
    const athena = config.audit.athena;
    const analyst = athena.enabled
      ? new LogAnalystRole(this, "log-analyst", {
          roleName: names.logAnalystRole(),
          readerArns: config.archive.readers,
        })
      : undefined;

    this.archive = new CloudTrailArchive(this, "cloudtrail-archive", {
      bucketName: names.cloudTrailArchiveBucket(accountId),
      keyAlias: names.cloudTrailArchiveKeyAlias(),
      organizationId: config.organization.id,
      managementAccountId: this.topology.managementAccountId,
      trailArn: names.trailArn(region, this.topology.managementAccountId, config.trail.name),
      accessLogBucket: this.accessLogs,
      keyLookupAccountIds: [this.topology.trailAccountId],
      readerArns: [...config.archive.readers, ...(analyst ? [analyst.role.arn] : [])],
      objectLock: config.archive.objectLock,
      transitionToGlacierDays: config.archive.transitionToGlacierDays,
      expirationDays: config.archive.expirationDays,
    });

    if (analyst) {
      this.analytics = new LogAnalytics(this, "log-analytics", {
        databaseName: names.auditLogDatabase(),
        workgroupName: names.auditLogWorkgroup(),
        resultsBucketName: names.athenaResultsBucket(accountId),
        namePrefix: config.organization.name,
        analyst,
        cloudTrailArchive: { bucket: this.archive.archive, key: Key.fromArn(this.archive.key.arn) },
        accessLogArchive: { bucket: this.accessLogArchive },
        accessLogTarget: this.accessLogs,
        organizationId: config.organization.id,
        accountIds: declaredAccounts(config).map((a) => a.id),
        // The trail records every region, governed or not: an attacker's favourite.
        regions: AWS_REGIONS,
        firstDay: athena.firstDay,
        bytesScannedCutoffPerQuery: scanLimitBytes(athena.scanLimitGb),
        resultsExpirationDays: athena.resultsExpirationDays,
      });
      new TerraformOutput(this, "log_analyst_role_arn", { value: analyst.role.arn });
      new TerraformOutput(this, "athena_workgroup", { value: this.analytics.workgroup.name });
    }

    new TerraformOutput(this, "archive_bucket", { value: this.archive.archive.bucketName });
    new TerraformOutput(this, "archive_key_arn", { value: this.archive.key.arn });
    new TerraformOutput(this, "access_log_archive_bucket", { value: archiveName });
  }

  /**
   * The bucket every account's recorders deliver to: each recorder's role (named by
   * ResourceNames.configRecorderRole, in an account of the organization) may check
   * the bucket and write under its own account's `AWSLogs/<account>/Config/` only.
   */
  private configHistoryBucket(config: OrganizationConfig): HardenedBucket {
    const names = this.names;
    const name = names.configHistoryBucket(this.accountId);
    const arn = names.bucketArn(name);
    const recorders = {
      StringEquals: { "aws:PrincipalOrgID": config.organization.id },
      ArnLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${names.configRecorderRole("")}*` },
    };
    return new HardenedBucket(this, "config-history", {
      bucketName: name,
      encryption: { type: "SSE-S3" },
      protectFromDestroy: true,
      lifecycleRules: [
        {
          id: "archive-then-expire",
          status: "Enabled",
          filter: [{ prefix: "" }],
          transition: [{ days: config.archive.transitionToGlacierDays, storageClass: "GLACIER" }],
          expiration: [{ days: config.archive.expirationDays }],
        },
        ...housekeepingRules(1),
      ],
      policyStatements: [
        {
          Sid: "RecordersCheckTheBucket",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetBucketAcl", "s3:ListBucket"],
          Resource: arn,
          Condition: recorders,
        },
        {
          Sid: "RecordersDeliverOwnHistory",
          Effect: "Allow",
          Principal: "*",
          // Config delivers with the bucket-owner-full-control ACL (accepted under
          // BucketOwnerEnforced), so the ACL call must be allowed too.
          Action: ["s3:PutObject", "s3:PutObjectAcl"],
          Resource: `${arn}/AWSLogs/${policyVariable("aws:PrincipalAccount")}/Config/*`,
          Condition: {
            ...recorders,
            StringEquals: { ...recorders.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
          },
        },
        {
          Sid: "DenyHistoryDeletion",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
          Resource: `${arn}/*`,
        },
      ],
    });
  }
}
