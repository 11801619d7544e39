import { TerraformStack, Testing } from "cdktf";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { AccessLogBucket } from "../../modules/access-log-bucket";
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
      logs.logsFor(data, { prefix: "data/" });
    });
    const logsId = idWhere(out, "aws_s3_bucket", "bucket", NAME);
    const dataId = idWhere(out, "aws_s3_bucket", "bucket", "example-data");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${logsId}.id}`).policy;
    expect(statement(policy, "S3ServerAccessLogDelivery").Condition!.ArnLike).toEqual({
      "aws:SourceArn": ["arn:aws:s3:::example-data"],
    });
    expect(out).toHaveResourceWithProperties(S3BucketLoggingA, {
      bucket: `\${aws_s3_bucket.${dataId}.id}`,
      target_bucket: `\${aws_s3_bucket.${logsId}.id}`,
      target_prefix: "data/",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
  });

  test("the default prefix is the source bucket's name", () => {
    const out = Testing.synthScope((scope) => {
      const logs = new AccessLogBucket(scope, "logs", { bucketName: NAME, accountId: "222222222222" });
      logs.logsFor(new HardenedBucket(scope, "data", { bucketName: "example-data" }));
    });
    expect(resourcesOf(out, "aws_s3_bucket_logging")[0].target_prefix).toBe("example-data/");
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
});
