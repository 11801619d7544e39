import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument } from "../iam";
import { HardenedBucket, housekeepingRules } from "../hardened-bucket";
import type { IBucket } from "../references";
import { ACCESS_LOG_PARTITION_DATE_SOURCE, ACCESS_LOG_TARGET_PREFIX, accessLogAccountPrefix } from "./key-format";
import { accountOf } from "../environment";
import { ACCESS_LOG_BUCKET_DEFAULTS } from "./defaults";

export * from "./defaults";

export * from "./key-format";

/** Where an access-log bucket copies every log object. */
export interface AccessLogReplication {
  /**
   * The archive. A HardenedBucket of the same stack is referenced, so the replication
   * configuration waits until it exists and is versioned (S3 checks both at the
   * call); `HardenedBucket.fromName` designates a bucket another stack deploys first.
   */
  readonly destination: HardenedBucket | IBucket;
  /**
   * The destination's account. In another account, replicas are handed to it (owner
   * override); in the same account they are its objects already.
   */
  readonly destinationAccountId: string;
  /** Name of the replication role (IAM names are per account: include the region). */
  readonly roleName: string;
}

export interface AccessLogBucketProps {
  readonly bucketName: string;
  /**
   * The account whose buckets deliver logs here; the only one S3 accepts them for.
   * @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it)
   */
  readonly accountId?: string;
  /**
   * Source buckets allowed to deliver logs (`aws:SourceArn`). Buckets passed to
   * `logsFor` are added automatically.
   * @default every bucket of `accountId` (`arn:aws:s3:::*`, still limited by `aws:SourceAccount`)
   */
  readonly allowedSourceBucketArns?: string[];
  /**
   * Days after which log objects expire.
   * @default `ACCESS_LOG_BUCKET_DEFAULTS.expirationDays` (a year)
   */
  readonly expirationDays?: number;
  /**
   * Days after which replaced or deleted log versions are removed.
   * @default `ACCESS_LOG_BUCKET_DEFAULTS.noncurrentVersionExpirationDays` (30)
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Terraform `prevent_destroy` on the bucket.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Copy every new log object (never a deletion) to an archive bucket.
   * @default no replication
   */
  readonly replication?: AccessLogReplication;
}

/** Anything server access logs can be sent to: an AccessLogBucket, or one in another stack. */
export interface IAccessLogTarget {
  readonly bucketName: string;
  /**
   * Turns on server access logging of `source` into this target, with the project's
   * key format (see `key-format.ts`). The one way this project creates a logging
   * configuration; a second call for the same source fails (one bucket, one target).
   */
  logsFor(source: HardenedBucket): S3BucketLoggingA;
}

/** The logging configuration itself; `target` is a reference or, across stacks, a name. */
function accessLogging(source: HardenedBucket, target: string, dependsOn: ITerraformDependable[]): S3BucketLoggingA {
  return new S3BucketLoggingA(source, "access-logging", {
    bucket: source.bucket.id,
    targetBucket: target,
    targetPrefix: ACCESS_LOG_TARGET_PREFIX,
    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: ACCESS_LOG_PARTITION_DATE_SOURCE } },
    dependsOn,
  });
}

/**
 * The target of S3 server access logs for one account and region.
 *
 * Built the way log delivery requires: SSE-S3 (log delivery cannot write with SSE-KMS
 * default encryption), no Object Lock default retention, ACLs disabled, delivery
 * granted by a bucket policy for `logging.s3.amazonaws.com` under `aws:SourceAccount`
 * and `aws:SourceArn`. It does not log itself: its own access logs would be new
 * objects, each logged in turn. Keys start with the logged account's id
 * (`<account>/<region>/<bucket>/yyyy/mm/dd/...`). With `replication`, every new log
 * object under that prefix is copied to the archive; deletions are never copied.
 *
 * `logsFor` references the bucket and waits for its policy, so S3 finds the target
 * and accepts delivery from the first request. A bucket in another stack of the same
 * account and region is reached with `AccessLogBucket.fromName`.
 *
 * @example
 * const archive = new HardenedBucket(this, "access-log-archive", {
 *   bucketName: "example-s3-access-logs-archive-222222222222",
 * });
 * const logs = new AccessLogBucket(this, "access-logs", {
 *   bucketName: "example-s3-access-logs-222222222222-eu-west-1",
 *   accountId: "222222222222",
 *   allowedSourceBucketArns: [],
 *   expirationDays: 365,
 *   noncurrentVersionExpirationDays: 30,
 *   replication: {
 *     destination: archive,
 *     destinationAccountId: "222222222222",
 *     roleName: "example-s3-access-log-replication-eu-west-1",
 *   },
 * });
 * logs.logsFor(new HardenedBucket(this, "data", { bucketName: "example-data" }));
 */
export class AccessLogBucket extends Construct implements IAccessLogTarget {
  /**
   * An access-log bucket that another stack of the same account and region deploys
   * first (the stack dependency orders them). Logging names it by its name: the one
   * place a logging target is not a reference.
   */
  static fromName(bucketName: string): IAccessLogTarget {
    return { bucketName, logsFor: (source) => accessLogging(source, bucketName, []) };
  }

  readonly logBucket: HardenedBucket;
  readonly accountId: string;
  private readonly sources: string[];
  private readonly restricted: boolean;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const accountId = accountOf(this, props.accountId);
    this.accountId = accountId;
    this.restricted = props.allowedSourceBucketArns !== undefined;
    this.sources = [...(props.allowedSourceBucketArns ?? [])];
    const expirationDays = props.expirationDays ?? ACCESS_LOG_BUCKET_DEFAULTS.expirationDays;

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
        ...housekeepingRules(
          props.noncurrentVersionExpirationDays ?? ACCESS_LOG_BUCKET_DEFAULTS.noncurrentVersionExpirationDays,
        ),
      ],
    });
    this.logBucket.addToPolicy({
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${this.logBucket.bucketArn}/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
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
    const destination = r.destination instanceof HardenedBucket ? r.destination : undefined;
    const destinationName = r.destination.bucketName;
    const destinationArn = r.destination.bucketArn;
    const crossAccount = r.destinationAccountId !== this.accountId;
    const ownPrefix = accessLogAccountPrefix(this.accountId);
    const role = new IamRole(this, "replication-role", {
      name: r.roleName,
      description: `Replicates ${this.bucketName} to ${destinationName}`,
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sts:AssumeRole",
          // Only S3 acting for this bucket, in this account, may use the role.
          Condition: {
            StringEquals: { "aws:SourceAccount": this.accountId },
            ArnEquals: { "aws:SourceArn": source },
          },
        },
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
          // Retention and legal hold are read for a destination with Object Lock.
          Action: [
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
            "s3:GetObjectRetention",
            "s3:GetObjectLegalHold",
          ],
          Resource: `${source}/*`,
        },
        {
          // No s3:ReplicateDelete: the archive never learns of a deletion here.
          Sid: "WriteOwnPrefixOfDestination",
          Effect: "Allow",
          Action: [
            "s3:ReplicateObject",
            "s3:ReplicateTags",
            ...(crossAccount ? ["s3:ObjectOwnerOverrideToBucketOwner"] : []),
          ],
          Resource: `${destinationArn}/${ownPrefix}*`,
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
          filter: { prefix: ownPrefix },
          deleteMarkerReplication: { status: "Disabled" },
          destination: {
            bucket: destination ? destination.bucket.arn : destinationArn,
            account: r.destinationAccountId,
            accessControlTranslation: crossAccount ? { owner: "Destination" } : undefined,
          },
        },
      ],
      // S3 checks at the call that the destination exists and is versioned.
      dependsOn: [
        policy,
        this.logBucket.versioning,
        ...(destination ? [destination.versioning, destination.policy] : []),
      ],
    });
  }

  get bucketName(): string {
    return this.logBucket.bucketName;
  }

  /**
   * Turns on server access logging of `source` into this bucket. The source must be in
   * this bucket's account and region: in practice, the same stack. The configuration
   * references the bucket and waits for its policy, which admits the delivery.
   */
  logsFor(source: HardenedBucket): S3BucketLoggingA {
    if (source === this.logBucket) {
      throw new Error(`access-log bucket "${this.bucketName}" cannot log into itself`);
    }
    if (this.restricted && !this.sources.includes(source.bucketArn)) this.sources.push(source.bucketArn);
    return accessLogging(source, this.logBucket.bucket.id, [this.logBucket.policy]);
  }
}
