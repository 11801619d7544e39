import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { BaselineFunction } from "../baseline-function";
import type { HardenedBucket } from "../hardened-bucket";
import { policyDocument } from "../iam";
import { environmentOf } from "../environment";
import type { ITopic } from "../references";
import { DEFAULT_LOG_RETENTION_DAYS } from "../defaults";

export interface AccessLogProcessorProps {
  /** Name of the function; the queue, table and log groups are named from it. */
  readonly functionName: string;
  /** The bucket whose new objects are server access logs to process (the access-log archive). */
  readonly sourceBucket: HardenedBucket;
  /** The account it deploys into. @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it) */
  readonly accountId?: string;
  /** The region it deploys into. @default the enclosing scope's region (see `setEnvironment`; `AccountStack` sets it) */
  readonly region?: string;
  /** Log group for the parsed records (CloudWatch Logs Insights). */
  readonly recordsLogGroupName: string;
  /**
   * Retention of the records and of the function's own logs.
   * @default `DEFAULT_LOG_RETENTION_DAYS` (a year)
   */
  readonly logRetentionDays?: number;
  /**
   * Concurrent executions reserved for the function; at least 2, the SQS trigger's
   * minimum. A reservation must leave the account 100 unreserved executions, so it
   * needs a raised quota in a new account (whose quota is 10).
   * @default none: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
  /**
   * The most concurrent invocations the SQS trigger starts; at least 2. With a
   * reservation, it is capped at the reservation.
   * @default 5
   */
  readonly maximumConcurrency?: number;
  /**
   * Denied requests from one remote IP or requester, in one log object, that count as a burst.
   * @default 20
   */
  readonly deniedBurstThreshold?: number;
  /**
   * Objects deleted by one requester, in one log object, that count as a mass
   * deletion. Each object of a multi-object delete (`DeleteObjects`, up to 1,000 per
   * call and one CloudTrail record) counts, from its `BATCH.DELETE.OBJECT` line.
   * @default 1000
   */
  readonly deletionBurstThreshold?: number;
  /**
   * Topic notified when a denied-request burst or a mass deletion is seen.
   * @default no alarm
   */
  readonly alarmTopic?: ITopic;
}

/**
 * The access-log processor: every new object in the source bucket is announced on an
 * SQS queue (with a dead-letter queue); the function parses it, writes each record to
 * a CloudWatch Logs group and emits per-bucket metrics as EMF, reporting partial batch
 * failures, and remembers processed objects in a DynamoDB table so that a redelivered
 * object is not counted twice.
 *
 * @example
 * new AccessLogProcessor(this, "access-log-processor", {
 *   functionName: "example-access-log-processor",
 *   sourceBucket: accessLogArchive,
 *   accountId: "222222222222",
 *   region: "eu-west-1",
 *   recordsLogGroupName: "example/s3-access-logs",
 *   logRetentionDays: 365,
 *   maximumConcurrency: 5,
 *   deniedBurstThreshold: 20,
 *   deletionBurstThreshold: 1000,
 *   alarmTopic: topic,
 * });
 */
export class AccessLogProcessor extends Construct {
  readonly function: LambdaFunction;
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: AccessLogProcessorProps) {
    super(scope, id);
    const { accountId, region } = environmentOf(this, props);
    const name = props.functionName;
    const retention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const timeout = 120;
    const reserved = props.reservedConcurrency;
    if (reserved !== undefined && reserved < 2) {
      throw new Error(`reservedConcurrency must be at least 2 (the SQS trigger's minimum), got ${reserved}`);
    }
    const pollers = Math.min(props.maximumConcurrency ?? 5, reserved ?? Infinity);
    if (pollers < 2) {
      throw new Error(`maximumConcurrency must be at least 2 (the SQS trigger's minimum), got ${pollers}`);
    }
    const queueArn = `arn:aws:sqs:${region}:${accountId}:${name}`;
    const tableArn = `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;

    const fn = new BaselineFunction(this, "function", {
      functionName: name,
      description: "Parses S3 server access logs into CloudWatch Logs records and metrics",
      bundle: "access-log-processor",
      accountId: accountId,
      region: region,
      memorySize: 512,
      timeout,
      reservedConcurrency: reserved,
      logRetentionDays: retention,
      extraLogGroupNames: [props.recordsLogGroupName],
      extraKeyServices: [`dynamodb.${region}.amazonaws.com`],
      policyStatements: [
        {
          Sid: "ReadLogObjects",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `${props.sourceBucket.bucketArn}/*`,
        },
        {
          Sid: "ConsumeQueue",
          Effect: "Allow",
          Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
          Resource: queueArn,
        },
        {
          Sid: "RememberProcessedObjects",
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
          Resource: tableArn,
        },
      ],
      environment: {
        RECORDS_LOG_GROUP: props.recordsLogGroupName,
        IDEMPOTENCY_TABLE: name,
        DENIED_BURST_THRESHOLD: String(props.deniedBurstThreshold ?? 20),
        DELETION_BURST_THRESHOLD: String(props.deletionBurstThreshold ?? 1000),
        // An unfinished claim expires before SQS redelivers the message.
        CLAIM_SECONDS: String(timeout + 60),
        POWERTOOLS_SERVICE_NAME: "access-log-processor",
        METRICS_NAMESPACE: "S3AuditBaseline/AccessLogs",
      },
    });
    this.function = fn.function;
    this.deadLetterQueue = fn.deadLetterQueue;

    new CloudwatchLogGroup(this, "record-logs", {
      name: props.recordsLogGroupName,
      retentionInDays: retention,
      kmsKeyId: fn.key.arn,
      lifecycle: { preventDestroy: true },
    });
    new DynamodbTable(this, "processed-objects", {
      name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attribute: [{ name: "pk", type: "S" }],
      ttl: { attributeName: "expiresAt", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: fn.key.arn },
    });

    this.queue = new SqsQueue(this, "queue", {
      name,
      visibilityTimeoutSeconds: timeout * 6,
      messageRetentionSeconds: 4 * 86400,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: 5 }),
    });
    const queuePolicy = new SqsQueuePolicy(this, "queue-policy", {
      queueUrl: this.queue.url,
      policy: policyDocument([
        {
          Sid: "SourceBucketNotifications",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queueArn,
          Condition: {
            ArnEquals: { "aws:SourceArn": props.sourceBucket.bucketArn },
            StringEquals: { "aws:SourceAccount": accountId },
          },
        },
      ]),
    });
    new S3BucketNotification(this, "notification", {
      bucket: props.sourceBucket.bucket.id,
      queue: [{ queueArn: this.queue.arn, events: ["s3:ObjectCreated:*"] }],
      dependsOn: [queuePolicy],
    });

    const alarms = [
      {
        id: "denied-burst-alarm",
        suffix: "denied-bursts",
        metricName: "DeniedBurstsTotal",
        description:
          "A remote IP or requester was denied S3 access repeatedly (see the function's log for the sources)",
      },
      {
        id: "deletion-burst-alarm",
        suffix: "deletion-bursts",
        metricName: "DeletionBurstsTotal",
        description:
          "One requester deleted many objects, counted from the access logs, DeleteObjects batches included (see the function's log for the requesters)",
      },
    ];
    const topicArns = props.alarmTopic ? [props.alarmTopic.topicArn] : [];
    for (const a of topicArns.length > 0 ? alarms : []) {
      new CloudwatchMetricAlarm(this, a.id, {
        alarmName: `${name}-${a.suffix}`,
        alarmDescription: a.description,
        namespace: "S3AuditBaseline/AccessLogs",
        metricName: a.metricName,
        dimensions: { service: "access-log-processor" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: topicArns,
        okActions: topicArns,
      });
    }

    new LambdaEventSourceMapping(this, "trigger", {
      eventSourceArn: this.queue.arn,
      functionName: this.function.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ["ReportBatchItemFailures"],
      // Never more pollers than reserved executions: throttled batches would count
      // towards the dead-letter threshold without being processed.
      scalingConfig: { maximumConcurrency: pollers },
    });
  }
}
