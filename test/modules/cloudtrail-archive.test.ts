import { Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { AccessLogBucket } from "../../modules/access-log-bucket";
import { CloudTrailArchive, type CloudTrailArchiveProps } from "../../modules/cloudtrail-archive";
import { asList, idWhere, resourcesOf, resourceWhere, statement, statements } from "../helpers";

const TRAIL = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/example-org-trail";
const BUCKET = "example-cloudtrail-archive-222222222222";
const LOGS = "example-s3-access-logs-222222222222-eu-west-1";

function synth(props: Partial<Omit<CloudTrailArchiveProps, "accessLogBucket">> = {}): string {
  return Testing.synthScope((scope) => {
    const accessLogBucket = new AccessLogBucket(scope, "access-logs", {
      bucketName: LOGS,
      accountId: "222222222222",
      allowedSourceBucketArns: [],
    });
    new CloudTrailArchive(scope, "archive", {
      bucketName: BUCKET,
      keyAlias: "alias/example-cloudtrail-archive",
      accountId: "222222222222",
      organizationId: "o-exampleorg1",
      managementAccountId: "111111111111",
      trailArn: TRAIL,
      accessLogBucket,
      readerArns: ["arn:aws:iam::333333333333:role/security-audit"],
      ...props,
    });
  });
}

const archivePolicy = (out: string) =>
  resourceWhere(
    out,
    "aws_s3_bucket_policy",
    "bucket",
    `\${aws_s3_bucket.${idWhere(out, "aws_s3_bucket", "bucket", BUCKET)}.id}`,
  ).policy as string;

describe("CloudTrailArchive", () => {
  const out = synth();

  test("the bucket has Object Lock from creation, with the default retention", () => {
    expect(resourceWhere(out, "aws_s3_bucket", "bucket", BUCKET)).toMatchObject({
      object_lock_enabled: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(out).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: "GOVERNANCE", days: 365 } },
    });
  });

  test("the bucket is encrypted with its own rotating key, which no plan destroys", () => {
    const keyId = idWhere(out, "aws_kms_key", "enable_key_rotation", true);
    expect(out).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(out).toHaveResourceWithProperties(KmsAlias, {
      name: "alias/example-cloudtrail-archive",
      target_key_id: `\${aws_kms_key.${keyId}.key_id}`,
    });
    const sse = resourcesOf(out, "aws_s3_bucket_server_side_encryption_configuration").find(
      (r) => r.rule[0].apply_server_side_encryption_by_default.sse_algorithm === "aws:kms",
    );
    expect(sse!.rule[0]).toEqual({
      apply_server_side_encryption_by_default: {
        sse_algorithm: "aws:kms",
        kms_master_key_id: `\${aws_kms_key.${keyId}.arn}`,
      },
      bucket_key_enabled: false,
    });
  });

  test("the key lets CloudTrail encrypt only for this organization's trail", () => {
    const policy = resourcesOf(out, "aws_kms_key")[0].policy;
    expect(statement(policy, "CloudTrailEncryptLogs")).toEqual({
      Sid: "CloudTrailEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": TRAIL },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" },
      },
    });
  });

  test("only the named readers can decrypt; the owning account administers but cannot decrypt", () => {
    const policy = resourcesOf(out, "aws_kms_key")[0].policy;
    const decrypters = statements(policy).filter(
      (s) => s.Effect === "Allow" && asList(s.Action).some((a) => a === "kms:Decrypt" || a === "kms:*" || a === "*"),
    );
    expect(decrypters).toEqual([
      {
        Sid: "NamedReadersDecryptLogs",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::333333333333:role/security-audit"] },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" },
        },
      },
    ]);
    const admin = statement(policy, "KeyAdministrationByOwningAccount");
    expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::222222222222:root" });
    expect(asList(admin.Action)).toContain("kms:Put*");
  });

  test("without readers, nobody can decrypt", () => {
    const policy = resourcesOf(synth({ readerArns: [] }), "aws_kms_key")[0].policy;
    expect(statements(policy).map((s) => s.Sid)).not.toContain("NamedReadersDecryptLogs");
  });

  test("CloudTrail may check the ACL and write both log prefixes, only as the named trail", () => {
    const policy = archivePolicy(out);
    expect(statement(policy, "CloudTrailAclCheck")).toEqual({
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: `arn:aws:s3:::${BUCKET}`,
      Condition: { StringEquals: { "aws:SourceArn": TRAIL } },
    });
    expect(statement(policy, "CloudTrailWriteOrganizationLogs")).toEqual({
      Sid: "CloudTrailWriteOrganizationLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: [`arn:aws:s3:::${BUCKET}/AWSLogs/111111111111/*`, `arn:aws:s3:::${BUCKET}/AWSLogs/o-exampleorg1/*`],
      Condition: { StringEquals: { "aws:SourceArn": TRAIL, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
  });

  test("the bucket policy denies non-TLS access and every deletion of log objects", () => {
    const policy = archivePolicy(out);
    expect(statement(policy, "DenyRequestsWithoutTLS").Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect(statement(policy, "DenyLogDeletion")).toEqual({
      Sid: "DenyLogDeletion",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"],
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    // Nothing else is allowed to anyone.
    const allows = statements(policy).filter((s) => s.Effect === "Allow");
    expect(allows.map((s) => s.Principal)).toEqual([
      { Service: "cloudtrail.amazonaws.com" },
      { Service: "cloudtrail.amazonaws.com" },
    ]);
  });

  test("lifecycle transitions to Glacier, then expires, per props", () => {
    const lc = resourcesOf(
      synth({ transitionToGlacierDays: 30, expirationDays: 400 }),
      "aws_s3_bucket_lifecycle_configuration",
    ).find((r) => r.rule.some((x: any) => x.id === "archive-then-expire"));
    expect(lc!.rule[0]).toEqual({
      id: "archive-then-expire",
      status: "Enabled",
      filter: [{ prefix: "" }],
      transition: [{ days: 30, storage_class: "GLACIER" }],
      expiration: [{ days: 400 }],
    });
  });

  test("its server access logs go to the separate access-log bucket, which is not logged", () => {
    const logging = resourcesOf(out, "aws_s3_bucket_logging");
    expect(logging).toHaveLength(1);
    expect(logging[0].bucket).toBe(`\${aws_s3_bucket.${idWhere(out, "aws_s3_bucket", "bucket", BUCKET)}.id}`);
    expect(logging[0].target_bucket).toBe(`\${aws_s3_bucket.${idWhere(out, "aws_s3_bucket", "bucket", LOGS)}.id}`);
    const logsPolicy = resourceWhere(
      out,
      "aws_s3_bucket_policy",
      "bucket",
      `\${aws_s3_bucket.${idWhere(out, "aws_s3_bucket", "bucket", LOGS)}.id}`,
    ).policy;
    expect(statement(logsPolicy, "S3ServerAccessLogDelivery").Condition!.ArnLike).toEqual({
      "aws:SourceArn": [`arn:aws:s3:::${BUCKET}`],
    });
  });

  test.each([
    [
      { transitionToGlacierDays: 90, expirationDays: 90 },
      "expirationDays (90) must be greater than transitionToGlacierDays (90)",
    ],
    [
      { expirationDays: 100, transitionToGlacierDays: 10 },
      "expirationDays (100) must be at least the Object Lock retention (365 days)",
    ],
  ])("rejects inconsistent retention %p", (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
