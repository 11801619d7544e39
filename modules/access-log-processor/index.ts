import { existsSync } from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { HardenedBucket } from "../hardened-bucket";
import { kmsAdministration, kmsUseThroughServices, policyDocument } from "../iam";

/**
 * The directory of a bundled handler (npm run bundle writes dist/lambda/<name>),
 * resolved from this module whether it runs from source (modules/) or compiled
 * (dist/modules/), never from the working directory.
 */
export function lambdaBundleDir(name: string): string {
  const candidates = [
    path.join(__dirname, "..", "..", "dist", "lambda", name),
    path.join(__dirname, "..", "..", "lambda", name),
  ];
  const found = candidates.find((c) => existsSync(path.join(c, "index.js")));
  if (!found) throw new Error(`the ${name} Lambda bundle is missing (${candidates[0]}): run npm run bundle`);
  return found;
}

export interface AccessLogProcessorProps {
  /** Name of the function; the queue, table and log groups are named from it. */
  readonly functionName: string;
  /** The bucket whose new objects are server access logs to process (the access-log archive). */
  readonly sourceBucket: HardenedBucket;
  readonly accountId: string;
  readonly region: string;
  /** Log group for the parsed records (CloudWatch Logs Insights). */
  readonly recordsLogGroupName: string;
  /**
   * Retention of the records and of the function's own logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Concurrent executions reserved (and capped) for the function.
   * @default 5
   */
  readonly reservedConcurrency?: number;
  /**
   * Denied requests from one remote IP or requester, in one log object, that count as a burst.
   * @default 20
   */
  readonly deniedBurstThreshold?: number;
  /**
   * Topic notified when a denied-request burst is seen.
   * @default no alarm
   */
  readonly alarmTopicArn?: string;
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
 *   reservedConcurrency: 5,
 *   deniedBurstThreshold: 20,
 * });
 */
export class AccessLogProcessor extends Construct {
  readonly function: LambdaFunction;
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: AccessLogProcessorProps) {
    super(scope, id);
    const name = props.functionName;
    const retention = props.logRetentionDays ?? 365;
    const timeout = 120;
    const reserved = props.reservedConcurrency ?? 5;
    if (reserved < 2)
      throw new Error(`reservedConcurrency must be at least 2 (the SQS trigger's minimum), got ${reserved}`);

    const key = new KmsKey(this, "key", {
      description: `Encrypts the logs and environment of ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // It protects the access-log records, which are audit logs.
      lifecycle: { preventDestroy: true },
      policy: policyDocument([
        kmsAdministration(props.accountId),
        {
          Sid: "CloudWatchLogsForThisFunction",
          Effect: "Allow",
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": [
                `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/lambda/${name}`,
                `arn:aws:logs:${props.region}:${props.accountId}:log-group:${props.recordsLogGroupName}`,
              ],
            },
          },
        },
        ...kmsUseThroughServices(props.accountId, [
          `lambda.${props.region}.amazonaws.com`,
          `dynamodb.${props.region}.amazonaws.com`,
        ]),
      ]),
    });

    const functionLogs = new CloudwatchLogGroup(this, "function-logs", {
      name: `/aws/lambda/${name}`,
      retentionInDays: retention,
      kmsKeyId: key.arn,
    });
    const recordLogs = new CloudwatchLogGroup(this, "record-logs", {
      name: props.recordsLogGroupName,
      retentionInDays: retention,
      kmsKeyId: key.arn,
      lifecycle: { preventDestroy: true },
    });

    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: `${name}-dlq`,
      messageRetentionSeconds: 14 * 86400,
      sqsManagedSseEnabled: true,
    });
    this.queue = new SqsQueue(this, "queue", {
      name,
      visibilityTimeoutSeconds: timeout * 6,
      messageRetentionSeconds: 4 * 86400,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: 5 }),
    });
    const queueArn = `arn:aws:sqs:${props.region}:${props.accountId}:${name}`;
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
            StringEquals: { "aws:SourceAccount": props.accountId },
          },
        },
      ]),
    });
    new S3BucketNotification(this, "notification", {
      bucket: props.sourceBucket.bucket.id,
      queue: [{ queueArn: this.queue.arn, events: ["s3:ObjectCreated:*"] }],
      dependsOn: [queuePolicy],
    });

    const table = new DynamodbTable(this, "processed-objects", {
      name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attribute: [{ name: "pk", type: "S" }],
      ttl: { attributeName: "expiresAt", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
    });

    const role = new IamRole(this, "role", {
      name,
      description: `Execution role of ${name}`,
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    const tableArn = `arn:aws:dynamodb:${props.region}:${props.accountId}:table/${name}`;
    const logGroupArn = (g: string) => `arn:aws:logs:${props.region}:${props.accountId}:log-group:${g}:*`;
    const rolePolicy = new IamRolePolicy(this, "role-policy", {
      role: role.id,
      name: "process-access-logs",
      policy: policyDocument([
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
          Sid: "DeadLetters",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: `arn:aws:sqs:${props.region}:${props.accountId}:${name}-dlq`,
        },
        {
          Sid: "RememberProcessedObjects",
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
          Resource: tableArn,
        },
        {
          Sid: "WriteLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [logGroupArn(`/aws/lambda/${name}`), logGroupArn(props.recordsLogGroupName)],
        },
        {
          Sid: "UseKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: `arn:aws:kms:${props.region}:${props.accountId}:key/*`,
          Condition: { StringEquals: { "kms:CallerAccount": props.accountId } },
        },
      ]),
    });
    // X-Ray has no resource-level permissions; the managed policy grants just the writes.
    new IamRolePolicyAttachment(this, "tracing", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
    });

    const asset = new TerraformAsset(this, "bundle", {
      path: lambdaBundleDir("access-log-processor"),
      type: AssetType.ARCHIVE,
    });
    this.function = new LambdaFunction(this, "function", {
      functionName: name,
      description: "Parses S3 server access logs into CloudWatch Logs records and metrics",
      role: role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      memorySize: 512,
      timeout,
      reservedConcurrentExecutions: reserved,
      tracingConfig: { mode: "Active" },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      kmsKeyArn: key.arn,
      loggingConfig: { logFormat: "JSON", logGroup: functionLogs.name },
      environment: {
        variables: {
          RECORDS_LOG_GROUP: recordLogs.name,
          IDEMPOTENCY_TABLE: table.name,
          DENIED_BURST_THRESHOLD: String(props.deniedBurstThreshold ?? 20),
          // An unfinished claim expires before SQS redelivers the message.
          CLAIM_SECONDS: String(timeout + 60),
          POWERTOOLS_SERVICE_NAME: "access-log-processor",
          METRICS_NAMESPACE: "S3AuditBaseline/AccessLogs",
        },
      },
      dependsOn: [rolePolicy, functionLogs],
    });
    if (props.alarmTopicArn) {
      new CloudwatchMetricAlarm(this, "denied-burst-alarm", {
        alarmName: `${name}-denied-bursts`,
        alarmDescription:
          "A remote IP or requester was denied S3 access repeatedly (see the function's log for the sources)",
        namespace: "S3AuditBaseline/AccessLogs",
        metricName: "DeniedBurstsTotal",
        dimensions: { service: "access-log-processor" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
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
      scalingConfig: { maximumConcurrency: reserved },
    });
  }
}
