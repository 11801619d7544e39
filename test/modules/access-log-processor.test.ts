import { Testing } from "cdktf";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { AccessLogProcessor } from "../../modules/access-log-processor";
import { HardenedBucket } from "../../modules/hardened-bucket";
import { allowing, resourcesOf, statement, statements } from "../helpers";
import { AlarmTopic } from "../../modules/alarm-topic";

describe("AccessLogProcessor", () => {
  const out = Testing.synthScope((s) => {
    const archive = new HardenedBucket(s, "archive", { bucketName: "example-s3-access-logs-archive-222222222222" });
    new AccessLogProcessor(s, "processor", {
      functionName: "example-access-log-processor",
      sourceBucket: archive,
      accountId: "222222222222",
      region: "eu-west-1",
      recordsLogGroupName: "example/s3-access-logs",
      reservedConcurrency: 3,
      deniedBurstThreshold: 50,
      alarmTopic: AlarmTopic.fromArn("arn:aws:sns:eu-west-1:222222222222:example-access-log-alarms"),
    });
  });

  test("a Node.js 22 arm64 function with tracing, reserved concurrency, a DLQ and encrypted environment", () => {
    expect(out).toHaveResourceWithProperties(LambdaFunction, {
      function_name: "example-access-log-processor",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      reserved_concurrent_executions: 3,
      tracing_config: { mode: "Active" },
    });
    const fn = resourcesOf(out, "aws_lambda_function")[0];
    expect(fn.dead_letter_config.target_arn).toMatch(/^\$\{aws_sqs_queue\./);
    expect(fn.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
    expect(fn.environment.variables).toMatchObject({
      DENIED_BURST_THRESHOLD: "50",
      RECORDS_LOG_GROUP: expect.any(String),
    });
  });

  test("fed by the bucket's object-created notifications through SQS, with partial batch failures", () => {
    const notification = resourcesOf(out, "aws_s3_bucket_notification")[0];
    expect(notification.queue[0].events).toEqual(["s3:ObjectCreated:*"]);
    expect(out).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      function_response_types: ["ReportBatchItemFailures"],
    });
    const queue = resourcesOf(out, "aws_sqs_queue").find((q) => q.name === "example-access-log-processor")!;
    expect(JSON.parse(queue.redrive_policy).maxReceiveCount).toBe(5);
    expect(queue.sqs_managed_sse_enabled).toBe(true);
    const policy = resourcesOf(out, "aws_sqs_queue_policy")[0].policy;
    expect(statement(policy, "SourceBucketNotifications").Condition).toEqual({
      ArnEquals: { "aws:SourceArn": "arn:aws:s3:::example-s3-access-logs-archive-222222222222" },
      StringEquals: { "aws:SourceAccount": "222222222222" },
    });
  });

  test("its role reads the log objects and writes only its own queue, table and log groups", () => {
    const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
    expect(allowing(policy, "s3:GetObject").map((s) => s.Resource)).toEqual([
      "arn:aws:s3:::example-s3-access-logs-archive-222222222222/*",
    ]);
    expect(allowing(policy, "s3:PutObject")).toEqual([]);
    expect(allowing(policy, "logs:PutLogEvents")[0].Resource).toEqual([
      "arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/example-access-log-processor:*",
      "arn:aws:logs:eu-west-1:222222222222:log-group:example/s3-access-logs:*",
    ]);
    expect(statements(policy).every((s) => s.Resource !== "*")).toBe(true);
    expect(resourcesOf(out, "aws_iam_role_policy_attachment")[0].policy_arn).toBe(
      "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
    );
  });

  test("Lambda and DynamoDB may use the key for this account's resources only", () => {
    const key = resourcesOf(out, "aws_kms_key")[0].policy;
    expect(statement(key, "ServicesCreateGrantsForTheirResources").Condition).toEqual({
      StringEquals: {
        "kms:ViaService": ["lambda.eu-west-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com"],
        "kms:CallerAccount": "222222222222",
      },
      Bool: { "kms:GrantIsForAWSResource": true },
    });
  });

  test("the SQS trigger never polls with more concurrency than is reserved", () => {
    expect(resourcesOf(out, "aws_lambda_event_source_mapping")[0].scaling_config).toEqual({ maximum_concurrency: 3 });
    const unreserved = Testing.synthScope((s) => {
      const b = new HardenedBucket(s, "b", { bucketName: "example-x" });
      new AccessLogProcessor(s, "p", {
        functionName: "f",
        sourceBucket: b,
        accountId: "222222222222",
        region: "eu-west-1",
        recordsLogGroupName: "g",
      });
    });
    // No reservation by default (new accounts cannot afford one); the trigger still caps at 5.
    expect(resourcesOf(unreserved, "aws_lambda_function")[0].reserved_concurrent_executions).toBeUndefined();
    expect(resourcesOf(unreserved, "aws_lambda_event_source_mapping")[0].scaling_config).toEqual({
      maximum_concurrency: 5,
    });
    expect(() =>
      Testing.synthScope((s) => {
        const b = new HardenedBucket(s, "b", { bucketName: "example-x" });
        new AccessLogProcessor(s, "p", {
          functionName: "f",
          sourceBucket: b,
          accountId: "1",
          region: "eu-west-1",
          recordsLogGroupName: "g",
          reservedConcurrency: 1,
        });
      }),
    ).toThrow("reservedConcurrency must be at least 2 (the SQS trigger's minimum), got 1");
  });

  test("alarms watch denied-request bursts and mass deletions across the organization", () => {
    const alarms = resourcesOf(out, "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.metric_name).sort()).toEqual(["DeletionBurstsTotal", "DeniedBurstsTotal"]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        namespace: "S3AuditBaseline/AccessLogs",
        dimensions: { service: "access-log-processor" },
        statistic: "Sum",
        threshold: 1,
        alarm_actions: ["arn:aws:sns:eu-west-1:222222222222:example-access-log-alarms"],
      });
    }
  });

  test("the deletion threshold reaches the function; 1,000 objects by default", () => {
    const fn = resourcesOf(out, "aws_lambda_function")[0];
    expect(fn.environment.variables.DELETION_BURST_THRESHOLD).toBe("1000");
  });
});
