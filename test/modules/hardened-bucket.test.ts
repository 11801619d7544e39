import { Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { HardenedBucket, type HardenedBucketProps } from "../../modules/hardened-bucket";
import { resourcesOf, statement, statements } from "../helpers";
import { Key } from "../../modules/references";

function synth(props: Partial<HardenedBucketProps> = {}, extra?: (b: HardenedBucket) => void): string {
  return Testing.synthScope((scope) => {
    const b = new HardenedBucket(scope, "data", { bucketName: "example-data", ...props });
    extra?.(b);
  });
}

describe("HardenedBucket", () => {
  test("GIVEN defaults THEN the bucket is protected, private, versioned, SSE-S3 and TLS-only", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(S3Bucket, {
      bucket: "example-data",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourcesOf(out, "aws_s3_bucket")[0].object_lock_enabled).toBeUndefined();
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
    expect(out).not.toHaveResource(S3BucketObjectLockConfigurationA);
    expect(resourcesOf(out, "aws_s3_bucket_lifecycle_configuration")).toHaveLength(0);

    const policy = resourcesOf(out, "aws_s3_bucket_policy")[0];
    expect(statement(policy.policy, "DenyRequestsWithoutTLS")).toEqual({
      Sid: "DenyRequestsWithoutTLS",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::example-data", "arn:aws:s3:::example-data/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    // The policy waits for Block Public Access, so it is never evaluated without it.
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  test("GIVEN SSE-KMS THEN the bucket encrypts with that key", () => {
    const out = synth({
      encryption: { type: "SSE-KMS", key: Key.fromArn("arn:aws:kms:eu-west-1:1:key/k"), bucketKey: true },
    });
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: "arn:aws:kms:eu-west-1:1:key/k",
          },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  test("GIVEN Object Lock THEN it is enabled at creation with the default retention", () => {
    const out = synth({ objectLock: { mode: "COMPLIANCE", days: 30 } });
    expect(out).toHaveResourceWithProperties(S3Bucket, { object_lock_enabled: true });
    expect(out).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: "COMPLIANCE", days: 30 } },
    });
  });

  test("GIVEN protectFromDestroy false THEN prevent_destroy is off, force_destroy still off", () => {
    const bucket = resourcesOf(synth({ protectFromDestroy: false }), "aws_s3_bucket")[0];
    expect(bucket.lifecycle).toBeUndefined();
    expect(bucket.force_destroy).toBe(false);
  });

  test("GIVEN extra statements, in props and later THEN they follow the TLS deny in order", () => {
    const out = synth(
      {
        policyStatements: [
          {
            Sid: "First",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::1:root" },
            Action: "s3:GetObject",
            Resource: "*",
          },
        ],
      },
      (b) => b.addToPolicy({ Sid: "Second", Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "*" }),
    );
    expect(statements(resourcesOf(out, "aws_s3_bucket_policy")[0].policy).map((s) => s.Sid)).toEqual([
      "DenyRequestsWithoutTLS",
      "First",
      "Second",
    ]);
  });

  test("GIVEN lifecycle rules THEN they are applied after versioning", () => {
    const out = synth({
      lifecycleRules: [{ id: "r", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 10 }] }],
    });
    const lc = resourcesOf(out, "aws_s3_bucket_lifecycle_configuration")[0];
    expect(lc.rule).toEqual([{ id: "r", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 10 }] }]);
    expect(lc.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
  });
});
