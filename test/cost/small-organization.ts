/**
 * A small organization written by hand as the Terraform JSON of four stacks, with
 * just the resources and attributes the cost model reads. Four accounts, one Region
 * each:
 *
 * - log-archive (222, eu-west-1): the CloudTrail archive (Glacier after 30 days,
 *   expired after 120) under a rotating key, its access-log bucket, the access-log
 *   archive (both expire after 60 days), the archive's notification queue, the
 *   access-log processor (arm64, 1024 MB, traced, batches of 10, 2 pollers), its
 *   records and own log groups (30 days), its idempotency table, a dead-letter queue.
 * - org-trail (111, eu-west-1): the organization trail (management events; writes of
 *   every bucket but the log buckets; reads and writes of t-data), its log group
 *   (30 days), 2 metric filters, 4 alarms (one on metric math over 2 metrics, one high
 *   resolution, one on a function's metric), a dashboard, a Contributor Insights rule,
 *   an alarm topic under its own rotating key.
 * - member (444, us-east-1): buckets t-data and t-lake logging into the account's
 *   access-log bucket, which replicates to the archive in eu-west-1; a request-metrics
 *   filter on t-data; a forwarding rule to the central bus; a Config recorder.
 * - audit (333, eu-west-1): the central bus and the security responder (x86_64,
 *   256 MB), a conformance pack of one daily rule and one bucket rule, an analyzer.
 */
import type { StackJson } from "../../cost/inventory";

const provider = (account: string, region: string) => ({
  aws: [{ allowed_account_ids: [account], region }],
});
const stackName = (name: string) => ({ metadata: { stackName: name } });
const expireAfter = (bucket: string, days: number) => ({
  bucket: `\${aws_s3_bucket.${bucket}.id}`,
  rule: [{ id: "expire", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days }] }],
});

export const SMALL_ORGANIZATION: StackJson[] = [
  {
    "//": stackName("log-archive"),
    provider: provider("222222222222", "eu-west-1"),
    resource: {
      aws_s3_bucket: {
        ct: { bucket: "t-cloudtrail-archive-222" },
        logs: { bucket: "t-s3-access-logs-222-eu-west-1" },
        archive: { bucket: "t-s3-access-logs-archive-222" },
      },
      aws_s3_bucket_lifecycle_configuration: {
        ct_lifecycle: {
          bucket: "${aws_s3_bucket.ct.id}",
          // Small objects move too (S3's default keeps those under 128 KiB in Standard).
          transition_default_minimum_object_size: "varies_by_storage_class",
          rule: [
            {
              id: "archive-then-expire",
              status: "Enabled",
              filter: [{ prefix: "" }],
              transition: [{ days: 30, storage_class: "GLACIER" }],
              expiration: [{ days: 120 }],
            },
            {
              id: "markers",
              status: "Enabled",
              filter: [{ prefix: "" }],
              expiration: [{ expired_object_delete_marker: true }],
            },
          ],
        },
        logs_lifecycle: expireAfter("logs", 60),
        archive_lifecycle: expireAfter("archive", 60),
      },
      aws_s3_bucket_logging: {
        ct_logging: { bucket: "${aws_s3_bucket.ct.id}", target_bucket: "${aws_s3_bucket.logs.id}" },
      },
      aws_s3_bucket_replication_configuration: {
        logs_replication: {
          bucket: "${aws_s3_bucket.logs.id}",
          rule: [{ id: "r", status: "Enabled", destination: { bucket: "${aws_s3_bucket.archive.arn}" } }],
        },
      },
      aws_kms_key: {
        ct_key: { enable_key_rotation: true },
        function_key: { enable_key_rotation: false },
      },
      aws_s3_bucket_server_side_encryption_configuration: {
        ct_encryption: {
          bucket: "${aws_s3_bucket.ct.id}",
          rule: [
            {
              apply_server_side_encryption_by_default: {
                kms_master_key_id: "${aws_kms_key.ct_key.arn}",
                sse_algorithm: "aws:kms",
              },
            },
          ],
        },
      },
      aws_s3_bucket_notification: {
        notification: { bucket: "${aws_s3_bucket.archive.id}", queue: [{ queue_arn: "${aws_sqs_queue.queue.arn}" }] },
      },
      aws_sqs_queue: {
        queue: { name: "t-queue", redrive_policy: '{"deadLetterTargetArn":"${aws_sqs_queue.dlq.arn}"}' },
        dlq: { name: "t-dlq" },
      },
      aws_lambda_function: {
        processor: {
          function_name: "t-proc",
          memory_size: 1024,
          architectures: ["arm64"],
          tracing_config: { mode: "Active" },
          environment: { variables: { RECORDS_LOG_GROUP: "t/records", IDEMPOTENCY_TABLE: "t-table" } },
          logging_config: { log_group: "${aws_cloudwatch_log_group.processor_logs.name}" },
        },
      },
      aws_lambda_event_source_mapping: {
        trigger: {
          function_name: "${aws_lambda_function.processor.arn}",
          event_source_arn: "${aws_sqs_queue.queue.arn}",
          batch_size: 10,
          scaling_config: { maximum_concurrency: 2 },
        },
      },
      aws_cloudwatch_log_group: {
        processor_logs: { name: "/aws/lambda/t-proc", retention_in_days: 30 },
        records: { name: "t/records", retention_in_days: 30 },
      },
      aws_dynamodb_table: {
        table: { name: "t-table", billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true } },
      },
    },
  },
  {
    "//": stackName("org-trail"),
    provider: provider("111111111111", "eu-west-1"),
    resource: {
      aws_cloudwatch_log_group: { trail_logs: { name: "t/trail", retention_in_days: 30 } },
      aws_cloudtrail: {
        trail: {
          name: "t-trail",
          is_organization_trail: true,
          enable_log_file_validation: true,
          s3_bucket_name: "t-cloudtrail-archive-222",
          kms_key_id: "${data.aws_kms_key.archive.arn}",
          cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.trail_logs.arn}:*",
          advanced_event_selector: [
            { name: "Management events", field_selector: [{ field: "eventCategory", equals: ["Management"] }] },
            {
              name: "writes, all buckets except log buckets",
              field_selector: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "readOnly", equals: ["false"] },
                {
                  field: "resources.ARN",
                  not_starts_with: ["arn:aws:s3:::t-cloudtrail-archive-", "arn:aws:s3:::t-s3-access-logs-"],
                },
              ],
            },
            {
              name: "reads and writes of t-data",
              field_selector: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "resources.ARN", starts_with: ["arn:aws:s3:::t-data/"] },
              ],
            },
            {
              name: "deletions in log buckets",
              field_selector: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "eventName", equals: ["DeleteObject", "DeleteObjects"] },
                {
                  field: "resources.ARN",
                  starts_with: ["arn:aws:s3:::t-cloudtrail-archive-", "arn:aws:s3:::t-s3-access-logs-"],
                },
              ],
            },
          ],
        },
      },
      aws_cloudwatch_log_metric_filter: {
        f1: { metric_transformation: { namespace: "T", name: "A", value: "1" } },
        f2: { metric_transformation: { namespace: "T", name: "B", value: "1" } },
      },
      aws_cloudwatch_metric_alarm: {
        on_filter: { namespace: "T", metric_name: "A", period: 300 },
        error_rate: {
          metric_query: [
            { id: "errors", metric: { namespace: "AWS/S3", metric_name: "4xxErrors", period: 300 } },
            { id: "requests", metric: { namespace: "AWS/S3", metric_name: "AllRequests", period: 300 } },
            { id: "rate", expression: "100 * errors / requests", return_data: true },
          ],
        },
        fast: { namespace: "AWS/S3", metric_name: "5xxErrors", period: 10 },
        on_function: { namespace: "Proc", metric_name: "Bursts", dimensions: { service: "p" }, period: 300 },
      },
      aws_cloudwatch_dashboard: { dashboard: { dashboard_name: "t" } },
      aws_kms_key: { alarm_key: { enable_key_rotation: true } },
      aws_sns_topic: { alarms: { name: "t-alarms", kms_master_key_id: "${aws_kms_key.alarm_key.arn}" } },
      aws_cloudwatch_contributor_insight_rule: {
        deletions: {
          rule_definition: JSON.stringify({ LogGroupNames: ["${aws_cloudwatch_log_group.trail_logs.name}"] }),
        },
      },
    },
  },
  {
    "//": stackName("member"),
    provider: provider("444444444444", "us-east-1"),
    resource: {
      aws_s3_bucket: {
        data: { bucket: "t-data" },
        lake: { bucket: "t-lake" },
        logs: { bucket: "t-s3-access-logs-444-us-east-1" },
      },
      aws_s3_bucket_lifecycle_configuration: { logs_lifecycle: expireAfter("logs", 60) },
      aws_s3_bucket_logging: {
        data_logging: { bucket: "${aws_s3_bucket.data.id}", target_bucket: "${aws_s3_bucket.logs.id}" },
        lake_logging: { bucket: "${aws_s3_bucket.lake.id}", target_bucket: "${aws_s3_bucket.logs.id}" },
      },
      aws_s3_bucket_replication_configuration: {
        logs_replication: {
          bucket: "${aws_s3_bucket.logs.id}",
          rule: [{ id: "r", status: "Enabled", destination: { bucket: "arn:aws:s3:::t-s3-access-logs-archive-222" } }],
        },
      },
      aws_s3_bucket_metric: { data_metrics: { bucket: "${aws_s3_bucket.data.id}", name: "EntireBucket" } },
      aws_cloudwatch_event_rule: { forward: { event_pattern: "{}" } },
      aws_cloudwatch_event_target: {
        forward_target: {
          rule: "${aws_cloudwatch_event_rule.forward.name}",
          arn: "arn:aws:events:eu-west-1:333333333333:event-bus/t-bus",
        },
      },
      aws_config_configuration_recorder: {
        recorder: {
          recording_group: {
            all_supported: false,
            resource_types: ["AWS::S3::Bucket", "AWS::S3::AccountPublicAccessBlock"],
          },
        },
      },
    },
  },
  {
    "//": stackName("audit"),
    provider: provider("333333333333", "eu-west-1"),
    resource: {
      aws_cloudwatch_event_bus: { bus: { name: "t-bus" } },
      aws_lambda_function: {
        responder: { function_name: "t-resp", memory_size: 256, architectures: ["x86_64"] },
      },
      aws_cloudwatch_event_rule: { respond: { event_bus_name: "${aws_cloudwatch_event_bus.bus.name}" } },
      aws_cloudwatch_event_target: {
        respond_target: {
          rule: "${aws_cloudwatch_event_rule.respond.name}",
          arn: "${aws_lambda_function.responder.arn}",
        },
      },
      aws_config_organization_conformance_pack: {
        pack: {
          name: "t-pack",
          template_body: [
            "Resources:",
            "  Daily:",
            "    Type: AWS::Config::ConfigRule",
            "    Properties:",
            "      ConfigRuleName: t-daily",
            "      MaximumExecutionFrequency: TwentyFour_Hours",
            "  Buckets:",
            "    Type: AWS::Config::ConfigRule",
            "    Properties:",
            "      ConfigRuleName: t-buckets",
            "      Scope:",
            "        ComplianceResourceTypes:",
            "          - AWS::S3::Bucket",
          ].join("\n"),
        },
      },
      aws_accessanalyzer_analyzer: { analyzer: { analyzer_name: "t", type: "ORGANIZATION" } },
    },
  },
];
