import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { policyDocument, type PolicyStatement } from "../iam";
import { DENY_WITHOUT_TLS_SID, type ObjectLockRetention } from "./defaults";
import type { IBucket, IKey } from "../references";

export * from "./defaults";

/** Default encryption of a bucket. */
export type BucketEncryption =
  | { readonly type: "SSE-S3" }
  | {
      readonly type: "SSE-KMS";
      /** The customer managed key: `Key.fromArn(key.arn)`. */
      readonly key: IKey;
      /** @default false */
      readonly bucketKey?: boolean;
    };

export interface HardenedBucketProps {
  readonly bucketName: string;
  /**
   * Default encryption.
   * @default SSE-S3
   */
  readonly encryption?: BucketEncryption;
  /**
   * Object Lock default retention. Object Lock can only be enabled when a bucket is
   * created, so adding it later replaces the bucket (and `protectFromDestroy` stops
   * that plan).
   * @default no Object Lock
   */
  readonly objectLock?: ObjectLockRetention;
  /**
   * Statements appended to the bucket policy, after the statement that denies
   * requests without TLS. More can be added later with `addToPolicy`.
   * @default none
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Lifecycle rules.
   * @default none (no lifecycle configuration)
   */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /**
   * Give the bucket Terraform's `prevent_destroy`, so no plan can delete it. Buckets
   * holding audit logs keep this on; turning it off is an explicit choice.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Leave the bucket's tags to its owners after creation: tags added outside Terraform
   * (an exception tag, a cost tag, an existing bucket's own) survive every apply. The
   * provider's default tags are still set when the bucket is created.
   * @default false: the tags are exactly the provider's default tags
   */
  readonly preserveUnmanagedTags?: boolean;
}

/**
 * An S3 bucket with the controls every bucket in this project has: versioning,
 * default encryption, all four Block Public Access flags, ACLs disabled
 * (BucketOwnerEnforced) and a policy that denies requests without TLS.
 *
 * @example
 * const bucket = new HardenedBucket(this, "data", {
 *   bucketName: "example-payments-prod-data",
 *   encryption: { type: "SSE-KMS", key: Key.fromArn(key.arn) },
 *   lifecycleRules: [
 *     {
 *       id: "expire-noncurrent",
 *       status: "Enabled",
 *       filter: [{ prefix: "" }],
 *       noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
 *     },
 *   ],
 *   protectFromDestroy: true,
 * });
 * bucket.addToPolicy({ Sid: "ReadOnlyForAuditors", Effect: "Allow", ... });
 */
export class HardenedBucket extends Construct implements IBucket {
  /**
   * A bucket another stack or account holds, by its name. Inside one stack pass the
   * `HardenedBucket` itself, so that what depends on the bucket waits for it.
   */
  static fromName(bucketName: string): IBucket {
    return { bucketName, bucketArn: `arn:aws:s3:::${bucketName}` };
  }

  readonly bucket: S3Bucket;
  readonly bucketName: string;
  /** `arn:aws:s3:::<name>`; known at synth time, so it can be used in conditions. */
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** Replication and lifecycle configurations must wait for it. */
  readonly versioning: S3BucketVersioningA;
  readonly lifecycle?: S3BucketLifecycleConfiguration;
  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    this.bucketName = props.bucketName;
    this.bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const protect = props.protectFromDestroy ?? true;
    const encryption = props.encryption ?? { type: "SSE-S3" };

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      objectLockEnabled: props.objectLock ? true : undefined,
      forceDestroy: false,
      lifecycle:
        protect || props.preserveUnmanagedTags
          ? {
              preventDestroy: protect || undefined,
              // tags_all still adds the default tags; what is ignored is removing others.
              ignoreChanges: props.preserveUnmanagedTags ? ["tags"] : undefined,
            }
          : undefined,
    });

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });

    const versioning = (this.versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    }));

    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        encryption.type === "SSE-KMS"
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: encryption.key.keyArn,
              },
              bucketKeyEnabled: encryption.bucketKey ?? false,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });

    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket: this.bucket.id,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [versioning],
      });
    }

    this.statements = [
      {
        Sid: DENY_WITHOUT_TLS_SID,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      ...(props.policyStatements ?? []),
    ];
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
      dependsOn: [this.publicAccessBlock],
    });

    if (props.lifecycleRules && props.lifecycleRules.length > 0) {
      this.lifecycle = new S3BucketLifecycleConfiguration(this, "lifecycle", {
        bucket: this.bucket.id,
        rule: props.lifecycleRules,
        dependsOn: [versioning],
      });
    }
  }

  /** Appends a statement to the bucket policy. */
  addToPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}
