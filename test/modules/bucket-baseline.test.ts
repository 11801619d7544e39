import { Testing } from "cdktf";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { BucketBaseline, type BucketBaselineProps } from "../../modules/bucket-baseline";
import { AccessLogBucket } from "../../modules/access-log-bucket";
import { dashboardBody, S3Dashboard } from "../../modules/s3-dashboard";
import { checkStack } from "../../modules/guardrails";
import { idWhere, resourcesOf, resourceWhere } from "../helpers";
import { TerraformStack } from "cdktf";
import { AlarmTopic } from "../../modules/alarm-topic";
import { Key } from "../../modules/references";

const TOPIC = "arn:aws:sns:eu-west-1:444444444444:example-s3-alarms";
const LOGS = "example-s3-access-logs-444444444444-eu-west-1";
const props = (over: Partial<BucketBaselineProps> = {}): BucketBaselineProps => ({
  bucketName: "example-payments-prod-data",
  accountId: "444444444444",
  accessLogs: AccessLogBucket.fromName(LOGS),
  alarmTopic: AlarmTopic.fromArn(TOPIC),
  namePrefix: "example",
  ...over,
});
const synth = (over: Partial<BucketBaselineProps> = {}) =>
  Testing.synthScope((s) => void new BucketBaseline(s, "data", props(over)));

describe("BucketBaseline", () => {
  const out = synth();

  test("hardens the bucket: protected, versioned, SSE-S3, private, ACLs off, TLS only", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new BucketBaseline(stack, "data", props());
    // The guardrails are the definition of "meets the baseline".
    expect(checkStack(stack)).toEqual([]);
    expect(resourcesOf(out, "aws_s3_bucket")[0]).toMatchObject({
      bucket: "example-payments-prod-data",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("logs into the access-log bucket of its stack by reference, after the bucket's policy", () => {
    const both = Testing.synthScope((scope) => {
      const accessLogs = new AccessLogBucket(scope, "access-logs", { bucketName: LOGS, accountId: "444444444444" });
      new BucketBaseline(scope, "data", props({ accessLogs }));
    });
    const logsId = idWhere(both, "aws_s3_bucket", "bucket", LOGS);
    const logging = resourcesOf(both, "aws_s3_bucket_logging")[0];
    expect(logging.target_bucket).toBe(`\${aws_s3_bucket.${logsId}.id}`);
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
    expect(resourcesOf(both, "aws_s3_bucket_logging")).toHaveLength(1);
  });

  test("logs by name only into a bucket of another stack (AccessLogBucket.fromName)", () => {
    expect(out).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_bucket: LOGS,
      target_prefix: "",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
  });

  test("expires noncurrent versions and incomplete uploads", () => {
    const rules = resourcesOf(
      synth({ noncurrentVersionExpirationDays: 30 }),
      "aws_s3_bucket_lifecycle_configuration",
    )[0].rule;
    expect(rules[0]).toMatchObject({
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
  });

  test("enables request metrics for the whole bucket", () => {
    expect(out).toHaveResourceWithProperties(S3BucketMetric, { name: "EntireBucket" });
  });

  test("alarms on 4xx and 5xx shares once the window has enough requests, and on p99 first-byte latency", () => {
    const custom = synth({
      alarms: { clientErrorRatePercent: 10, serverErrorRatePercent: 2, minimumRequests: 50, firstByteLatencyMs: 200 },
    });
    const rate = resourceWhere(
      custom,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-client-error-rate",
    );
    expect(rate.threshold).toBe(10);
    // One 404 in a quiet window is 100% of its requests: below the minimum the rate is 0.
    expect(rate.metric_query.map((q: any) => q.expression ?? q.metric.metric_name)).toEqual([
      "4xxErrors",
      "AllRequests",
      "IF(requests >= 50, 100 * errors / requests, 0)",
    ]);
    expect(rate.metric_query[0].metric.dimensions).toEqual({
      BucketName: "example-payments-prod-data",
      FilterId: "EntireBucket",
    });
    const server = resourceWhere(
      custom,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-server-error-rate",
    );
    expect([server.threshold, server.metric_query[0].metric.metric_name]).toEqual([2, "5xxErrors"]);
    expect(server.metric_query[2].expression).toBe("IF(requests >= 50, 100 * errors / requests, 0)");
    const firstByte = resourceWhere(
      custom,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-first-byte-latency",
    );
    expect(firstByte).toMatchObject({
      metric_name: "FirstByteLatency",
      extended_statistic: "p99",
      threshold: 200,
      period: 300,
    });
    expect(firstByte.statistic).toBeUndefined();
    // Total request latency is dominated by body transfer: no alarm on it.
    expect(resourcesOf(custom, "aws_cloudwatch_metric_alarm").map((a) => a.metric_name ?? "rate")).not.toContain(
      "TotalRequestLatency",
    );
    for (const a of resourcesOf(custom, "aws_cloudwatch_metric_alarm")) {
      expect(a).toMatchObject({
        treat_missing_data: "notBreaching",
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        actions_enabled: true,
      });
    }
  });

  test("the default minimum is 100 requests", () => {
    const rate = resourceWhere(
      out,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-client-error-rate",
    );
    expect(rate.metric_query[2].expression).toBe("IF(requests >= 100, 100 * errors / requests, 0)");
  });

  test("SSE-KMS without a key gets a new rotating key; with one, uses it", () => {
    const own = synth({ encryption: "SSE-KMS" });
    expect(resourcesOf(own, "aws_kms_key")[0]).toMatchObject({
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(
      resourcesOf(own, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0]
        .apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe("aws:kms");
    const given = synth({ encryption: "SSE-KMS", kmsKey: Key.fromArn("arn:aws:kms:eu-west-1:444444444444:key/k") });
    expect(resourcesOf(given, "aws_kms_key")).toHaveLength(0);
    expect(
      resourcesOf(given, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0]
        .apply_server_side_encryption_by_default.kms_master_key_id,
    ).toBe("arn:aws:kms:eu-west-1:444444444444:key/k");
  });

  test("publishes its declared default encryption, which the security responder restores", () => {
    const declared = (o: string) => JSON.parse(resourcesOf(o, "aws_ssm_parameter")[0].value);
    expect(resourcesOf(out, "aws_ssm_parameter")[0]).toMatchObject({
      name: "/example/buckets/example-payments-prod-data/default-encryption",
      type: "String",
    });
    expect(declared(out)).toEqual({ SSEAlgorithm: "AES256" });
    const key = "arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(declared(synth({ encryption: "SSE-KMS", kmsKey: Key.fromArn(key) }))).toEqual({
      SSEAlgorithm: "aws:kms",
      KMSMasterKeyID: key,
      BucketKeyEnabled: true,
    });
  });

  test("an existing bucket is imported, not created, and keeps the encryption it states", () => {
    const json = JSON.parse(
      synth({ existing: true, encryption: "SSE-KMS", kmsKey: Key.fromArn("arn:aws:kms:eu-west-1:444444444444:key/k") }),
    );
    expect(Object.values(json.resource.aws_s3_bucket)[0]).toMatchObject({ bucket: "example-payments-prod-data" });
    expect(JSON.stringify(json.import ?? json.terraform?.import ?? json)).toContain(
      '"id":"example-payments-prod-data"',
    );
    expect(resourcesOf(json, "aws_kms_key")).toHaveLength(0);
    expect(
      resourcesOf(json, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:eu-west-1:444444444444:key/k" });
  });

  test("an existing bucket without its encryption stated, or SSE-KMS without its key, is refused", () => {
    expect(() => synth({ existing: true })).toThrow(
      /BucketBaseline "example-payments-prod-data": encryption is required for an existing bucket/,
    );
    expect(() => synth({ existing: true, encryption: "SSE-KMS" })).toThrow(
      /kmsKey is required for an existing SSE-KMS bucket/,
    );
  });

  test("tags set outside Terraform survive (an exception tag, an existing bucket's own)", () => {
    for (const existing of [false, true]) {
      const json = JSON.parse(synth({ existing, encryption: "SSE-S3" }));
      expect(resourcesOf(json, "aws_s3_bucket")[0].lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: ["tags"],
      });
    }
  });

  test("the bucket's own policy statements and lifecycle rules are kept beside the baseline's", () => {
    const own = {
      Sid: "ReportingReadsExports",
      Effect: "Allow" as const,
      Principal: { AWS: "arn:aws:iam::444444444444:role/reporting" },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::example-payments-prod-data/exports/*",
    };
    const json = synth({
      policyStatements: [own],
      lifecycleRules: [
        { id: "expire-tmp", status: "Enabled", filter: [{ prefix: "tmp/" }], expiration: [{ days: 7 }] },
      ],
    });
    const policy = JSON.parse(resourcesOf(json, "aws_s3_bucket_policy")[0].policy);
    expect(policy.Statement.map((x: any) => x.Sid)).toEqual(["DenyRequestsWithoutTLS", "ReportingReadsExports"]);
    expect(policy.Statement[1]).toEqual(own);
    const rules = resourcesOf(json, "aws_s3_bucket_lifecycle_configuration")[0].rule;
    expect(rules.map((r: any) => r.id)).toEqual([
      "noncurrent-versions-and-incomplete-uploads",
      "expired-delete-markers",
      "expire-tmp",
    ]);
  });
});

describe("S3Dashboard", () => {
  test("one row per bucket with requests, errors, latency, bytes, size and objects, in the bucket's region", () => {
    const body = dashboardBody([
      { bucketName: "a", region: "eu-west-1" },
      { bucketName: "b", region: "us-east-1" },
    ]) as { widgets: any[] };
    expect(body.widgets).toHaveLength(12);
    const metricsOf = (bucket: string) =>
      body.widgets
        .filter((w) => w.properties.title.startsWith(`${bucket}:`))
        .flatMap((w) => w.properties.metrics.map((m: any[]) => m[1]));
    expect(metricsOf("a").sort()).toEqual(
      [
        "GetRequests",
        "PutRequests",
        "DeleteRequests",
        "ListRequests",
        "4xxErrors",
        "5xxErrors",
        "FirstByteLatency",
        "TotalRequestLatency",
        "BytesDownloaded",
        "BytesUploaded",
        "BucketSizeBytes",
        "NumberOfObjects",
      ].sort(),
    );
    expect(
      new Set(body.widgets.filter((w) => w.properties.title.startsWith("b:")).map((w) => w.properties.region)),
    ).toEqual(new Set(["us-east-1"]));
  });

  test("synthesizes a dashboard", () => {
    const out = Testing.synthScope(
      (s) =>
        void new S3Dashboard(s, "d", {
          dashboardName: "example-s3-payments-prod",
          buckets: [{ bucketName: "a", region: "eu-west-1" }],
        }),
    );
    const d = resourcesOf(out, "aws_cloudwatch_dashboard")[0];
    expect(d.dashboard_name).toBe("example-s3-payments-prod");
    expect(JSON.parse(d.dashboard_body).widgets).toHaveLength(6);
  });
});
