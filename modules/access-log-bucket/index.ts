import { Construct } from "constructs";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument } from "../iam";
import { HardenedBucket, housekeepingRules } from "../hardened-bucket";

/** Where an access-log bucket copies every log object. */
export interface AccessLogReplication {
  /** The destination bucket (the access-log archive in the log-archive account). */
  readonly destinationBucketName: string;
  /** Its account: replicas become that account's objects. */
  readonly destinationAccountId: string;
  /** Name of the replication role (IAM names are per account: include the region). */
  readonly roleName: string;
}

export interface AccessLogBucketProps {
  readonly bucketName: string;
  /** The account whose buckets deliver logs here; the only one S3 accepts them for. */
  readonly accountId: string;
  /**
   * Source buckets allowed to deliver logs (`aws:SourceArn`). Buckets passed to
   * `logsFor` are added automatically.
   * @default every bucket of `accountId` (`arn:aws:s3:::*`, still limited by `aws:SourceAccount`)
   */
  readonly allowedSourceBucketArns?: string[];
  /**
   * Days after which log objects expire.
   * @default 365
   */
  readonly expirationDays?: number;
  /**
   * Days after which replaced or deleted log versions are removed.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Terraform `prevent_destroy` on the bucket.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Replicate every log object, and deletions, to an archive bucket.
   * @default no replication
   */
  readonly replication?: AccessLogReplication;
}

export interface LogsForOptions {
  /**
   * Key prefix of this source's logs.
   * @default "<source bucket name>/"
   */
  readonly prefix?: string;
}

/**
 * The target of S3 server access logs for one account and region.
 *
 * Built the way log delivery requires: SSE-S3 (log delivery cannot write with SSE-KMS
 * default encryption), no Object Lock default retention, ACLs disabled, delivery
 * granted by a bucket policy for `logging.s3.amazonaws.com` under `aws:SourceAccount`
 * and `aws:SourceArn`. It does not log itself: its own access logs would be new
 * objects, each logged in turn. With `replication`, every log object is copied to the
 * archive and owned there by the archive's account.
 *
 * @example
 * const logs = new AccessLogBucket(this, "access-logs", {
 *   bucketName: "example-s3-access-logs-222222222222-eu-west-1",
 *   accountId: "222222222222",
 *   allowedSourceBucketArns: [],
 *   expirationDays: 365,
 *   replication: {
 *     destinationBucketName: "example-s3-access-logs-archive-222222222222",
 *     destinationAccountId: "222222222222",
 *     roleName: "example-s3-access-log-replication-eu-west-1",
 *   },
 * });
 * logs.logsFor(archive.bucket, { prefix: "cloudtrail-archive/" });
 */
export class AccessLogBucket extends Construct {
  readonly logBucket: HardenedBucket;
  private readonly sources: string[];
  private readonly restricted: boolean;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.restricted = props.allowedSourceBucketArns !== undefined;
    this.sources = [...(props.allowedSourceBucketArns ?? [])];
    const expirationDays = props.expirationDays ?? 365;

    this.logBucket = new HardenedBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { type: "SSE-S3" },
      protectFromDestroy: props.protectFromDestroy ?? true,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: expirationDays }],
        },
        ...housekeepingRules(props.noncurrentVersionExpirationDays ?? 30),
      ],
    });
    this.logBucket.addToPolicy({
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${this.logBucket.bucketArn}/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: { "aws:SourceArn": this.restricted ? this.sources : ["arn:aws:s3:::*"] },
      },
    });
    if (props.replication) this.replicate(props.replication);

    this.node.addValidation({
      validate: () =>
        this.restricted && this.sources.length === 0
          ? [
              `access-log bucket "${this.bucketName}" admits no source bucket: pass allowedSourceBucketArns or call logsFor()`,
            ]
          : [],
    });
  }

  private replicate(r: AccessLogReplication): void {
    const source = this.logBucket.bucketArn;
    const destination = `arn:aws:s3:::${r.destinationBucketName}`;
    const role = new IamRole(this, "replication-role", {
      name: r.roleName,
      description: `Replicates ${this.bucketName} to ${r.destinationBucketName}`,
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    const policy = new IamRolePolicy(this, "replication-policy", {
      role: role.id,
      name: "replicate-access-logs",
      policy: policyDocument([
        {
          Sid: "ReadSource",
          Effect: "Allow",
          Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          Resource: source,
        },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          Resource: `${source}/*`,
        },
        {
          Sid: "WriteDestination",
          Effect: "Allow",
          Action: [
            "s3:ReplicateObject",
            "s3:ReplicateDelete",
            "s3:ReplicateTags",
            "s3:ObjectOwnerOverrideToBucketOwner",
          ],
          Resource: `${destination}/*`,
        },
      ]),
    });
    new S3BucketReplicationConfigurationA(this, "replication", {
      bucket: this.logBucket.bucket.id,
      role: role.arn,
      rule: [
        {
          id: "to-access-log-archive",
          status: "Enabled",
          filter: { prefix: "" },
          deleteMarkerReplication: { status: "Enabled" },
          destination: {
            bucket: destination,
            account: r.destinationAccountId,
            accessControlTranslation: { owner: "Destination" },
          },
        },
      ],
      dependsOn: [policy, this.logBucket.versioning],
    });
  }

  get bucketName(): string {
    return this.logBucket.bucketName;
  }

  /**
   * Turns on server access logging of `source` into this bucket, with date-partitioned
   * keys (`<prefix><account>/<region>/<bucket>/yyyy/mm/dd/...`, by event time).
   * The source must be in this bucket's account and region: in practice, the same stack.
   */
  logsFor(source: HardenedBucket, options: LogsForOptions = {}): S3BucketLoggingA {
    if (source === this.logBucket) {
      throw new Error(`access-log bucket "${this.bucketName}" cannot log into itself`);
    }
    if (this.restricted && !this.sources.includes(source.bucketArn)) this.sources.push(source.bucketArn);
    return new S3BucketLoggingA(source, "access-logging", {
      bucket: source.bucket.id,
      targetBucket: this.logBucket.bucket.id,
      targetPrefix: options.prefix ?? `${source.bucketName}/`,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
    });
  }
}
