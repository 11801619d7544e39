import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { HardenedBucket, housekeepingRules } from "../hardened-bucket";
import { kmsAdministration, policyDocument } from "../iam";

/** Alarm thresholds of one bucket, each over 5 minutes. */
export interface BucketAlarmThresholds {
  /** 4xx responses as a share of all requests, in percent. @default 5 */
  readonly clientErrorRatePercent?: number;
  /** 5xx responses as a share of all requests, in percent. @default 1 */
  readonly serverErrorRatePercent?: number;
  /** Average time to first byte, in milliseconds. @default 1000 */
  readonly firstByteLatencyMs?: number;
  /** Average total request time, in milliseconds. @default 5000 */
  readonly totalRequestLatencyMs?: number;
}

export interface BucketBaselineProps {
  readonly bucketName: string;
  /** The bucket's account (for its key policy, if it gets a key). */
  readonly accountId: string;
  /** Access-log bucket of the same account and region. */
  readonly accessLogBucketName: string;
  /**
   * Default encryption: SSE-S3, or SSE-KMS with `kmsKeyArn` or, without one, a new
   * key with rotation.
   * @default "SSE-S3"
   */
  readonly encryption?: "SSE-S3" | "SSE-KMS";
  /** @default a new key, when encryption is SSE-KMS */
  readonly kmsKeyArn?: string;
  /**
   * The bucket exists already: Terraform imports it (an `import` block) instead of
   * creating it. The baseline then replaces its policy, encryption, versioning,
   * public access, ownership, lifecycle and logging settings.
   * @default false
   */
  readonly existing?: boolean;
  /** @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** @default the defaults of BucketAlarmThresholds */
  readonly alarms?: BucketAlarmThresholds;
  /** Topic for alarm and OK notifications (same account and region). */
  readonly alarmTopicArn: string;
  /** Prefix of alarm names. */
  readonly namePrefix: string;
}

/** The request-metrics filter the baseline creates; alarms and dashboards use it. */
export const REQUEST_METRICS_FILTER_ID = "EntireBucket";

/**
 * The baseline of one bucket: versioning, default encryption, Block Public Access,
 * ACLs disabled, a TLS-only policy (all from HardenedBucket), server access logging
 * into the account's access-log bucket for its region with date-partitioned keys,
 * lifecycle (noncurrent versions, incomplete uploads), S3 request metrics, and alarms
 * on 4xx and 5xx rates and on first-byte and total latency.
 *
 * @example
 * new BucketBaseline(this, "example-payments-prod-data", {
 *   bucketName: "example-payments-prod-data",
 *   accountId: "444444444444",
 *   accessLogBucketName: "example-s3-access-logs-444444444444-eu-west-1",
 *   encryption: "SSE-KMS",
 *   existing: true,
 *   noncurrentVersionExpirationDays: 90,
 *   alarms: { clientErrorRatePercent: 5, serverErrorRatePercent: 1, firstByteLatencyMs: 1000, totalRequestLatencyMs: 5000 },
 *   alarmTopicArn: topic.topic.arn,
 *   namePrefix: "example",
 * });
 */
export class BucketBaseline extends Construct {
  readonly bucket: HardenedBucket;
  readonly key?: KmsKey;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: BucketBaselineProps) {
    super(scope, id);
    const encryption = props.encryption ?? "SSE-S3";
    let kmsKeyArn = props.kmsKeyArn;
    if (encryption === "SSE-KMS" && !kmsKeyArn) {
      this.key = new KmsKey(this, "key", {
        description: `Default encryption of ${props.bucketName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        lifecycle: { preventDestroy: true },
        policy: policyDocument([
          {
            ...kmsAdministration(props.accountId),
            Sid: "AccountAdministersAndUsesKeyThroughIam",
            Action: "kms:*",
          },
        ]),
      });
      kmsKeyArn = this.key.arn;
    }

    this.bucket = new HardenedBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption:
        encryption === "SSE-KMS" ? { type: "SSE-KMS", kmsKeyArn: kmsKeyArn!, bucketKey: true } : { type: "SSE-S3" },
      lifecycleRules: housekeepingRules(props.noncurrentVersionExpirationDays ?? 90),
      protectFromDestroy: true,
    });
    if (props.existing) this.bucket.bucket.importFrom(props.bucketName);

    new S3BucketLoggingA(this, "access-logging", {
      bucket: this.bucket.bucket.id,
      targetBucket: props.accessLogBucketName,
      targetPrefix: `${props.bucketName}/`,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
    });

    new S3BucketMetric(this, "request-metrics", { bucket: this.bucket.bucket.id, name: REQUEST_METRICS_FILTER_ID });

    const t = {
      clientErrorRatePercent: props.alarms?.clientErrorRatePercent ?? 5,
      serverErrorRatePercent: props.alarms?.serverErrorRatePercent ?? 1,
      firstByteLatencyMs: props.alarms?.firstByteLatencyMs ?? 1000,
      totalRequestLatencyMs: props.alarms?.totalRequestLatencyMs ?? 5000,
    };
    const dimensions = { BucketName: props.bucketName, FilterId: REQUEST_METRICS_FILTER_ID };
    const common = {
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      actionsEnabled: true,
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    };
    const metric = (metricName: string, stat: string) => ({
      metric: { namespace: "AWS/S3", metricName, dimensions, period: 300, stat },
    });
    const rate = (id: string, errors: string, threshold: number, what: string) =>
      new CloudwatchMetricAlarm(this, id, {
        ...common,
        alarmName: `${props.namePrefix}-${props.bucketName}-${id}`,
        alarmDescription: `${what} of ${props.bucketName} reached ${threshold}% of its requests over 5 minutes`,
        threshold,
        metricQuery: [
          { id: "errors", ...metric(errors, "Sum"), returnData: false },
          { id: "requests", ...metric("AllRequests", "Sum"), returnData: false },
          {
            id: "rate",
            expression: "IF(requests > 0, 100 * errors / requests, 0)",
            label: `${errors} per 100 requests`,
            returnData: true,
          },
        ],
      });
    const latency = (id: string, metricName: string, threshold: number) =>
      new CloudwatchMetricAlarm(this, id, {
        ...common,
        alarmName: `${props.namePrefix}-${props.bucketName}-${id}`,
        alarmDescription: `Average ${metricName} of ${props.bucketName} reached ${threshold} ms over 5 minutes`,
        threshold,
        namespace: "AWS/S3",
        metricName,
        dimensions,
        statistic: "Average",
        period: 300,
      });
    this.alarms.push(
      rate("client-error-rate", "4xxErrors", t.clientErrorRatePercent, "4xx responses"),
      rate("server-error-rate", "5xxErrors", t.serverErrorRatePercent, "5xx responses"),
      latency("first-byte-latency", "FirstByteLatency", t.firstByteLatencyMs),
      latency("total-request-latency", "TotalRequestLatency", t.totalRequestLatencyMs),
    );
  }
}
