import { Testing } from "cdktf";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { BucketBaseline, type BucketBaselineProps } from "../../modules/bucket-baseline";
import { dashboardBody, S3Dashboard } from "../../modules/s3-dashboard";
import { checkStack } from "../../modules/guardrails";
import { resourcesOf, resourceWhere } from "../helpers";
import { TerraformStack } from "cdktf";

const TOPIC = "arn:aws:sns:eu-west-1:444444444444:example-s3-alarms";
const props = (over: Partial<BucketBaselineProps> = {}): BucketBaselineProps => ({
  bucketName: "example-payments-prod-data",
  accountId: "444444444444",
  accessLogBucketName: "example-s3-access-logs-444444444444-eu-west-1",
  alarmTopicArn: TOPIC,
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

  test("logs into the local access-log bucket with date-partitioned keys", () => {
    expect(out).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_bucket: "example-s3-access-logs-444444444444-eu-west-1",
      target_prefix: "example-payments-prod-data/",
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

  test("alarms on 4xx and 5xx shares of requests and on latency, with the bucket's thresholds", () => {
    const custom = synth({
      alarms: {
        clientErrorRatePercent: 10,
        serverErrorRatePercent: 2,
        firstByteLatencyMs: 200,
        totalRequestLatencyMs: 900,
      },
    });
    const rate = resourceWhere(
      custom,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-client-error-rate",
    );
    expect(rate.threshold).toBe(10);
    expect(rate.metric_query.map((q: any) => q.expression ?? q.metric.metric_name)).toEqual([
      "4xxErrors",
      "AllRequests",
      "IF(requests > 0, 100 * errors / requests, 0)",
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
    const firstByte = resourceWhere(
      custom,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-first-byte-latency",
    );
    expect(firstByte).toMatchObject({
      metric_name: "FirstByteLatency",
      statistic: "Average",
      threshold: 200,
      period: 300,
    });
    const total = resourceWhere(
      custom,
      "aws_cloudwatch_metric_alarm",
      "alarm_name",
      "example-example-payments-prod-data-total-request-latency",
    );
    expect(total).toMatchObject({ metric_name: "TotalRequestLatency", threshold: 900 });
    for (const a of resourcesOf(custom, "aws_cloudwatch_metric_alarm")) {
      expect(a).toMatchObject({
        treat_missing_data: "notBreaching",
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        actions_enabled: true,
      });
    }
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
    const given = synth({ encryption: "SSE-KMS", kmsKeyArn: "arn:aws:kms:eu-west-1:444444444444:key/k" });
    expect(resourcesOf(given, "aws_kms_key")).toHaveLength(0);
    expect(
      resourcesOf(given, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0]
        .apply_server_side_encryption_by_default.kms_master_key_id,
    ).toBe("arn:aws:kms:eu-west-1:444444444444:key/k");
  });

  test("an existing bucket is imported, not created", () => {
    const json = JSON.parse(synth({ existing: true }));
    expect(Object.values(json.resource.aws_s3_bucket)[0]).toMatchObject({ bucket: "example-payments-prod-data" });
    expect(JSON.stringify(json.import ?? json.terraform?.import ?? json)).toContain(
      '"id":"example-payments-prod-data"',
    );
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
