import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { HardenedBucket, housekeepingRules } from "../hardened-bucket";
import type { IAccessLogTarget } from "../access-log-bucket";
import {
  declaredConfigurationPrefix,
  declaredEncryptionParameterName,
  type DeclaredEncryption,
} from "../security-responder/events";
import { kmsAdministration, policyDocument, type PolicyStatement } from "../iam";
import {
  BUCKET_ALARM_DEFAULTS,
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  FIRST_BYTE_LATENCY_STATISTIC,
  existingBucketProblems,
} from "./defaults";
import { accountOf } from "../environment";
import { Key, type IKey, type ITopic } from "../references";

export * from "./defaults";

/** Alarm thresholds of one bucket, each over 5 minutes. */
export interface BucketAlarmThresholds {
  /** 4xx responses as a share of all requests, in percent. @default 5 */
  readonly clientErrorRatePercent?: number;
  /** 5xx responses as a share of all requests, in percent. @default 1 */
  readonly serverErrorRatePercent?: number;
  /** Requests in the window below which the error-rate alarms stay quiet. @default 100 */
  readonly minimumRequests?: number;
  /** Time to first byte at the 99th percentile, in milliseconds. @default 1000 */
  readonly firstByteLatencyMs?: number;
}

export interface BucketBaselineProps {
  readonly bucketName: string;
  /**
   * The bucket's account (for its key policy, if it gets a key).
   * @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it)
   */
  readonly accountId?: string;
  /**
   * Where its server access logs go: the AccessLogBucket of the same account and
   * region, in this stack, or `AccessLogBucket.fromName` for one another stack holds.
   */
  readonly accessLogs: IAccessLogTarget;
  /**
   * Default encryption: SSE-S3, or SSE-KMS with `kmsKey` or, without one, a new
   * key with rotation. Required for an existing bucket, which keeps what it states.
   * @default "SSE-S3" (for a new bucket)
   */
  readonly encryption?: "SSE-S3" | "SSE-KMS";
  /** @default a new key, when encryption is SSE-KMS (required for an existing SSE-KMS bucket) */
  readonly kmsKey?: IKey;
  /**
   * The bucket exists already: Terraform imports it (an `import` block) instead of
   * creating it. The baseline then owns its versioning, encryption (as stated in
   * `encryption`), public access, ownership, logging, policy and lifecycle; the
   * bucket's own policy statements and lifecycle rules are kept only if they are
   * passed in `policyStatements` and `lifecycleRules`. Its tags are never touched.
   * @default false
   */
  readonly existing?: boolean;
  /**
   * The provider the import of an `existing` bucket goes through, when the bucket's
   * resources do not use the stack's default provider.
   * @default the stack's default provider
   */
  readonly importProvider?: TerraformProvider;
  /**
   * The bucket's own statements, added to the baseline's TLS-only policy.
   * @default none
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * The bucket's own lifecycle rules, added to the baseline's housekeeping rules.
   * @default none
   */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /** @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** @default the defaults of BucketAlarmThresholds */
  readonly alarms?: BucketAlarmThresholds;
  /** Topic for alarm and OK notifications (same account and region): an `AlarmTopic`, or `AlarmTopic.fromArn`. */
  readonly alarmTopic: ITopic;
  /** Prefix of alarm names. */
  readonly namePrefix: string;
}

/** The request-metrics filter the baseline creates; alarms and dashboards use it. */
export const REQUEST_METRICS_FILTER_ID = "EntireBucket";

/**
 * The baseline of one bucket: versioning, default encryption, Block Public Access,
 * ACLs disabled, a TLS-only policy (all from HardenedBucket), server access logging
 * into the account's access-log bucket for its region, lifecycle (noncurrent
 * versions, incomplete uploads), S3 request metrics, and alarms on 4xx and 5xx rates
 * (once the window has enough requests to mean something) and on first-byte latency
 * at the 99th percentile. Tags added outside Terraform survive.
 *
 * @example
 * const accessLogs = new AccessLogBucket(this, "access-logs", {
 *   bucketName: "example-s3-access-logs-444444444444-eu-west-1",
 *   accountId: "444444444444",
 * });
 * new BucketBaseline(this, "example-payments-prod-data", {
 *   bucketName: "example-payments-prod-data",
 *   accountId: "444444444444",
 *   accessLogs,
 *   encryption: "SSE-KMS",
 *   kmsKey: Key.fromArn("arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
 *   existing: true,
 *   policyStatements: [
 *     {
 *       Sid: "ExportsReadByReporting",
 *       Effect: "Allow",
 *       Principal: { AWS: "arn:aws:iam::444444444444:role/reporting" },
 *       Action: "s3:GetObject",
 *       Resource: "arn:aws:s3:::example-payments-prod-data/exports/*",
 *     },
 *   ],
 *   lifecycleRules: [
 *     { id: "expire-tmp", status: "Enabled", filter: [{ prefix: "tmp/" }], expiration: [{ days: 7 }] },
 *   ],
 *   noncurrentVersionExpirationDays: 90,
 *   alarms: { clientErrorRatePercent: 5, serverErrorRatePercent: 1, minimumRequests: 100, firstByteLatencyMs: 1000 },
 *   alarmTopic: topic,
 *   namePrefix: "example",
 * });
 */
export class BucketBaseline extends Construct {
  readonly bucket: HardenedBucket;
  readonly key?: KmsKey;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: BucketBaselineProps) {
    super(scope, id);
    const accountId = accountOf(this, props.accountId);
    const problems = existingBucketProblems({ ...props, hasKey: props.kmsKey !== undefined, keyField: "kmsKey" });
    if (problems.length > 0) {
      throw new Error(
        `BucketBaseline "${props.bucketName}": ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
      );
    }
    const encryption = props.encryption ?? "SSE-S3";
    let kmsKeyArn = props.kmsKey?.keyArn;
    if (encryption === "SSE-KMS" && !kmsKeyArn) {
      this.key = new KmsKey(this, "key", {
        description: `Default encryption of ${props.bucketName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        lifecycle: { preventDestroy: true },
        policy: policyDocument([
          {
            ...kmsAdministration(accountId),
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
        encryption === "SSE-KMS"
          ? { type: "SSE-KMS", key: Key.fromArn(kmsKeyArn!), bucketKey: true }
          : { type: "SSE-S3" },
      policyStatements: props.policyStatements,
      lifecycleRules: [
        ...housekeepingRules(props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS),
        ...(props.lifecycleRules ?? []),
      ],
      protectFromDestroy: true,
      preserveUnmanagedTags: true,
    });
    if (props.existing) this.bucket.bucket.importFrom(props.bucketName, props.importProvider);

    // What the security responder restores when default encryption is removed or changed.
    const declared: DeclaredEncryption =
      encryption === "SSE-KMS"
        ? { SSEAlgorithm: "aws:kms", KMSMasterKeyID: kmsKeyArn!, BucketKeyEnabled: true }
        : { SSEAlgorithm: "AES256" };
    new SsmParameter(this, "declared-encryption", {
      name: declaredEncryptionParameterName(declaredConfigurationPrefix(props.namePrefix), props.bucketName),
      description: `Declared default encryption of ${props.bucketName}, restored by the security responder`,
      type: "String",
      value: JSON.stringify(declared),
    });

    props.accessLogs.logsFor(this.bucket);

    new S3BucketMetric(this, "request-metrics", { bucket: this.bucket.bucket.id, name: REQUEST_METRICS_FILTER_ID });

    const t = { ...BUCKET_ALARM_DEFAULTS, ...definedOnly(props.alarms ?? {}) };
    const dimensions = { BucketName: props.bucketName, FilterId: REQUEST_METRICS_FILTER_ID };
    const common = {
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      actionsEnabled: true,
      alarmActions: [props.alarmTopic.topicArn],
      okActions: [props.alarmTopic.topicArn],
    };
    const metric = (metricName: string) => ({
      metric: { namespace: "AWS/S3", metricName, dimensions, period: 300, stat: "Sum" },
    });
    const rate = (id: string, errors: string, threshold: number, what: string) =>
      new CloudwatchMetricAlarm(this, id, {
        ...common,
        alarmName: `${props.namePrefix}-${props.bucketName}-${id}`,
        alarmDescription: `${what} of ${props.bucketName} reached ${threshold}% of its requests over 5 minutes (with at least ${t.minimumRequests} requests)`,
        threshold,
        metricQuery: [
          { id: "errors", ...metric(errors), returnData: false },
          { id: "requests", ...metric("AllRequests"), returnData: false },
          {
            id: "rate",
            expression: `IF(requests >= ${t.minimumRequests}, 100 * errors / requests, 0)`,
            label: `${errors} per 100 requests`,
            returnData: true,
          },
        ],
      });
    this.alarms.push(
      rate("client-error-rate", "4xxErrors", t.clientErrorRatePercent, "4xx responses"),
      rate("server-error-rate", "5xxErrors", t.serverErrorRatePercent, "5xx responses"),
      new CloudwatchMetricAlarm(this, "first-byte-latency", {
        ...common,
        alarmName: `${props.namePrefix}-${props.bucketName}-first-byte-latency`,
        alarmDescription: `${FIRST_BYTE_LATENCY_STATISTIC} time to first byte of ${props.bucketName} reached ${t.firstByteLatencyMs} ms over 5 minutes`,
        threshold: t.firstByteLatencyMs,
        namespace: "AWS/S3",
        metricName: "FirstByteLatency",
        dimensions,
        extendedStatistic: FIRST_BYTE_LATENCY_STATISTIC,
        period: 300,
      }),
    );
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
