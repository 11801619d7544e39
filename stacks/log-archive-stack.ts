import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { AccessLogBucket } from "../modules/access-log-bucket";
import { CloudTrailArchive } from "../modules/cloudtrail-archive";
import { AccountStack } from "./account-stack";

/**
 * The log-archive account, home region: the CloudTrail archive, its KMS key, and the
 * access-log bucket that receives the archive bucket's server access logs.
 */
export class LogArchiveStack extends AccountStack {
  readonly archive: CloudTrailArchive;
  readonly accessLogs: AccessLogBucket;

  constructor(scope: Construct, id: string, config: OrganizationConfig) {
    const accountId = config.accounts.logArchive.id;
    const region = config.organization.homeRegion;
    super(scope, id, { config, accountId, region });
    const names = this.names;

    this.accessLogs = new AccessLogBucket(this, "access-logs", {
      bucketName: names.accessLogBucket(accountId, region),
      accountId,
      allowedSourceBucketArns: [],
      expirationDays: config.archive.accessLogExpirationDays,
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
  }
}
