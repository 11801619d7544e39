import { TerraformStack, Testing } from "cdktf";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { AccessLogBucket, ACCESS_LOG_TARGET_PREFIX, accessLogAccountPrefix } from "../../modules/access-log-bucket";
import { HardenedBucket } from "../../modules/hardened-bucket";
import { idWhere, resourcesOf, resourceWhere, statement } from "../helpers";

const NAME = "example-s3-access-logs-222222222222-eu-west-1";

describe("AccessLogBucket", () => {
  test("GIVEN defaults THEN it is SSE-S3, without Object Lock, does not log itself, and expires logs", () => {
    const out = Testing.synthScope((scope) => {
      new AccessLogBucket(scope, "logs", { bucketName: NAME, accountId: "222222222222" });
    });
    expect(resourcesOf(out, "aws_s3_bucket_server_side_encryption_configuration")[0].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(resourcesOf(out, "aws_s3_bucket")[0].object_lock_enabled).toBeUndefined();
    expect(out).not.toHaveResource(S3BucketLoggingA);
    const rules = resourcesOf(out, "aws_s3_bucket_lifecycle_configuration")[0].rule;
    expect(rules.find((r: any) => r.id === "expire-access-logs").expiration).toEqual([{ days: 365 }]);
    expect(resourcesOf(out, "aws_s3_bucket")[0].lifecycle).toEqual({ prevent_destroy: true });
  });

  test("GIVEN no source list THEN delivery is open to the account's buckets only, by policy not ACL", () => {
    const out = Testing.synthScope((scope) => {
      new AccessLogBucket(scope, "logs", { bucketName: NAME, accountId: "222222222222" });
    });
    const policy = resourcesOf(out, "aws_s3_bucket_policy")[0].policy;
    expect(statement(policy, "S3ServerAccessLogDelivery")).toEqual({
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${NAME}/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": "222222222222" },
        ArnLike: { "aws:SourceArn": ["arn:aws:s3:::*"] },
      },
    });
    expect(resourcesOf(out, "aws_s3_bucket_ownership_controls")[0].rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test("GIVEN a restricted list WHEN logsFor is called THEN the source joins aws:SourceArn and logs with partitioned keys", () => {
    const out = Testing.synthScope((scope) => {
      const logs = new AccessLogBucket(scope, "logs", {
        bucketName: NAME,
        accountId: "222222222222",
        allowedSourceBucketArns: [],
      });
      const data = new HardenedBucket(scope, "data", { bucketName: "example-data" });
      logs.logsFor(data);
    });
    const logsId = idWhere(out, "aws_s3_bucket", "bucket", NAME);
    const dataId = idWhere(out, "aws_s3_bucket", "bucket", "example-data");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${logsId}.id}`).policy;
    expect(statement(policy, "S3ServerAccessLogDelivery").Condition!.ArnLike).toEqual({
      "aws:SourceArn": ["arn:aws:s3:::example-data"],
    });
    const logging = resourcesOf(out, "aws_s3_bucket_logging")[0];
    expect(logging).toMatchObject({
      bucket: `\${aws_s3_bucket.${dataId}.id}`,
      // By reference, and after the policy that admits delivery: S3 checks the target
      // at the call (InvalidTargetBucketForLogging) and drops logs it may not write.
      target_bucket: `\${aws_s3_bucket.${logsId}.id}`,
      target_prefix: "",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
    expect(logging.depends_on).toEqual([
      `aws_s3_bucket_policy.${idWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${logsId}.id}`)}`,
    ]);
  });

  test("keys start with the logged account (empty prefix, date partitions), the responder's format too", () => {
    expect(ACCESS_LOG_TARGET_PREFIX).toBe("");
    expect(accessLogAccountPrefix("444444444444")).toBe("444444444444/");
  });

  test("a bucket of another stack is reached by name: fromName, the one literal target", () => {
    const out = Testing.synthScope((scope) => {
      AccessLogBucket.fromName(NAME).logsFor(new HardenedBucket(scope, "data", { bucketName: "example-data" }));
    });
    expect(resourcesOf(out, "aws_s3_bucket_logging")[0]).toMatchObject({ target_bucket: NAME, target_prefix: "" });
  });

  test("one bucket has one logging configuration: a second logsFor for it fails", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const logs = new AccessLogBucket(scope, "logs", { bucketName: NAME, accountId: "222222222222" });
        const data = new HardenedBucket(scope, "data", { bucketName: "example-data" });
        logs.logsFor(data);
        AccessLogBucket.fromName("example-other-logs").logsFor(data);
      }),
    ).toThrow(/access-logging/);
  });

  test("a log bucket cannot log into itself", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const logs = new AccessLogBucket(scope, "logs", { bucketName: NAME, accountId: "222222222222" });
        logs.logsFor(logs.logBucket);
      }),
    ).toThrow(`access-log bucket "${NAME}" cannot log into itself`);
  });

  test("a restricted bucket with no source at all fails synthesis", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    new AccessLogBucket(stack, "logs", { bucketName: NAME, accountId: "222222222222", allowedSourceBucketArns: [] });
    expect(() => Testing.synth(stack, true)).toThrow(
      /admits no source bucket: pass allowedSourceBucketArns or call logsFor\(\)/,
    );
  });

  describe("replication to the archive", () => {
    const ARCHIVE = "example-s3-access-logs-archive-222222222222";
    const crossAccount = Testing.synthScope((scope) => {
      new AccessLogBucket(scope, "logs", {
        bucketName: "example-s3-access-logs-444444444444-eu-west-1",
        accountId: "444444444444",
        replication: {
          destination: HardenedBucket.fromName(ARCHIVE),
          destinationAccountId: "222222222222",
          roleName: "example-repl-eu-west-1",
        },
      });
    });
    const sameStack = Testing.synthScope((scope) => {
      const archive = new HardenedBucket(scope, "archive", { bucketName: ARCHIVE });
      new AccessLogBucket(scope, "logs", {
        bucketName: NAME,
        accountId: "222222222222",
        replication: { destination: archive, destinationAccountId: "222222222222", roleName: "example-repl-eu-west-1" },
      });
    });

    test("a destination of the same stack is referenced and waited for; one of another stack, named", () => {
      const sameRule = resourcesOf(sameStack, "aws_s3_bucket_replication_configuration")[0];
      expect(sameRule.rule[0].destination.bucket).toMatch(/^\$\{aws_s3_bucket\.archive_bucket_[A-Z0-9]+\.arn\}$/);
      expect(sameRule.depends_on.join(" ")).toMatch(/aws_s3_bucket_versioning\.archive_versioning/);
      const crossRule = resourcesOf(crossAccount, "aws_s3_bucket_replication_configuration")[0];
      expect(crossRule.rule[0].destination.bucket).toBe(`arn:aws:s3:::${ARCHIVE}`);
      expect(crossRule.depends_on.join(" ")).not.toMatch(/archive/);
    });

    test("never carries a deletion: no delete markers, no s3:ReplicateDelete", () => {
      for (const out of [crossAccount, sameStack]) {
        const rule = resourcesOf(out, "aws_s3_bucket_replication_configuration")[0].rule[0];
        expect(rule.delete_marker_replication).toEqual({ status: "Disabled" });
        const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
        expect(JSON.stringify(JSON.parse(policy))).not.toContain("ReplicateDelete");
      }
    });

    test("replicates only the account's own prefix, into the same prefix of the archive", () => {
      const rule = resourcesOf(crossAccount, "aws_s3_bucket_replication_configuration")[0].rule[0];
      expect(rule.filter).toEqual({ prefix: "444444444444/" });
      const policy = resourcesOf(crossAccount, "aws_iam_role_policy")[0].policy;
      expect(statement(policy, "WriteOwnPrefixOfDestination").Resource).toBe(`arn:aws:s3:::${ARCHIVE}/444444444444/*`);
    });

    test("hands replicas to the archive's account only across accounts (owner override is cross-account only)", () => {
      const cross = resourcesOf(crossAccount, "aws_s3_bucket_replication_configuration")[0].rule[0].destination;
      expect(cross).toMatchObject({ account: "222222222222", access_control_translation: { owner: "Destination" } });
      const same = resourcesOf(sameStack, "aws_s3_bucket_replication_configuration")[0].rule[0].destination;
      expect(same.access_control_translation).toBeUndefined();
      const samePolicy = resourcesOf(sameStack, "aws_iam_role_policy")[0].policy;
      expect(statement(samePolicy, "WriteOwnPrefixOfDestination").Action).toEqual([
        "s3:ReplicateObject",
        "s3:ReplicateTags",
      ]);
    });

    test("a destination in the same stack is referenced and waited for until versioned", () => {
      const archiveId = idWhere(sameStack, "aws_s3_bucket", "bucket", ARCHIVE);
      const replication = resourcesOf(sameStack, "aws_s3_bucket_replication_configuration")[0];
      expect(replication.rule[0].destination.bucket).toBe(`\${aws_s3_bucket.${archiveId}.arn}`);
      const versioningId = idWhere(
        sameStack,
        "aws_s3_bucket_versioning",
        "bucket",
        `\${aws_s3_bucket.${archiveId}.id}`,
      );
      expect(replication.depends_on).toContain(`aws_s3_bucket_versioning.${versioningId}`);
    });

    test("the role trusts S3 acting for this bucket in this account only (confused deputy)", () => {
      const role = resourcesOf(crossAccount, "aws_iam_role")[0];
      expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toEqual({
        StringEquals: { "aws:SourceAccount": "444444444444" },
        ArnEquals: { "aws:SourceArn": "arn:aws:s3:::example-s3-access-logs-444444444444-eu-west-1" },
      });
    });
  });
});
