import { Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { AccessLogBucket } from "../../modules/access-log-bucket";
import { CloudTrailArchive, type CloudTrailArchiveProps } from "../../modules/cloudtrail-archive";
import { allowing, idWhere, resourcesOf, resourceWhere, statement, statements } from "../helpers";

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

  test("only the named readers can decrypt, re-encrypt or grant; the owning account administers only", () => {
    const policy = resourcesOf(out, "aws_kms_key")[0].policy;
    for (const action of ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:Encrypt"]) {
      const principals = allowing(policy, action).map((s) => s.Principal);
      expect([action, principals]).toEqual([
        action,
        action === "kms:Decrypt" ? [{ AWS: ["arn:aws:iam::333333333333:role/security-audit"] }] : [],
      ]);
    }
    expect(statement(policy, "NamedReadersDecryptLogs")).toEqual({
      Sid: "NamedReadersDecryptLogs",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::333333333333:role/security-audit"] },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" },
      },
    });
    const admin = statement(policy, "KeyAdministrationByOwningAccount");
    expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::222222222222:root" });
    expect(allowing(policy, "kms:PutKeyPolicy")).toEqual([admin]);
    expect(allowing(policy, "kms:CreateAlias")).toEqual([admin]);
  });

  test("without readers, nobody can decrypt or read", () => {
    const noReaders = synth({ readerArns: [] });
    expect(allowing(resourcesOf(noReaders, "aws_kms_key")[0].policy, "kms:Decrypt")).toEqual([]);
    expect(allowing(archivePolicy(noReaders), "s3:GetObject")).toEqual([]);
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
    // Besides CloudTrail's delivery, only the named readers are allowed anything: to read.
    const allows = statements(policy).filter((s) => s.Effect === "Allow");
    expect(allows.map((s) => [s.Sid, s.Principal])).toEqual([
      ["CloudTrailAclCheck", { Service: "cloudtrail.amazonaws.com" }],
      ["CloudTrailWriteOrganizationLogs", { Service: "cloudtrail.amazonaws.com" }],
      ["NamedReadersReadLogs", { AWS: ["arn:aws:iam::333333333333:role/security-audit"] }],
    ]);
    expect(statement(policy, "NamedReadersReadLogs")).toMatchObject({
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"],
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    });
    expect(allowing(policy, "s3:PutObject").map((s) => s.Sid)).toEqual(["CloudTrailWriteOrganizationLogs"]);
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
      "expirationDays must be greater than transitionToGlacierDays (90): objects would expire before they transition, got 90",
    ],
    [
      { expirationDays: 100, transitionToGlacierDays: 10 },
      "expirationDays must be at least objectLock.days (365): locked objects cannot expire, got 100",
    ],
  ])("rejects inconsistent retention %p", (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
