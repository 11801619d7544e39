import { Testing } from "cdktf";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { OrganizationTrail, type OrganizationTrailProps } from "../../../modules/organization-trail";
import { idWhere, resourcesOf, statement, statements } from "../../helpers";
import { HardenedBucket } from "../../../modules/hardened-bucket";
import { Key } from "../../../modules/references";

const GROUP = "example/cloudtrail/example-org-trail";

function synth(overrides: Partial<OrganizationTrailProps["cloudWatchLogs"]> = {}): string {
  return Testing.synthScope((scope) => {
    new OrganizationTrail(scope, "trail", {
      trailName: "example-org-trail",
      accountId: "111111111111",
      region: "eu-west-1",
      archiveBucket: HardenedBucket.fromName("example-cloudtrail-archive-222222222222"),
      key: Key.fromArn("arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
      cloudWatchLogs: { logGroupName: GROUP, deliveryRoleName: "example-cloudtrail-to-cloudwatch-logs", ...overrides },
      dataEvents: {
        excludedArnPrefixes: ["arn:aws:s3:::example-cloudtrail-archive-", "arn:aws:s3:::example-s3-access-logs-"],
      },
    });
  });
}

describe("OrganizationTrail", () => {
  const out = synth();

  test("is an organization-wide, multi-region trail with validation and the archive's KMS key", () => {
    expect(out).toHaveResourceWithProperties(Cloudtrail, {
      name: "example-org-trail",
      s3_bucket_name: "example-cloudtrail-archive-222222222222",
      kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
  });

  test("streams to its log group through its delivery role, created first", () => {
    const trail = resourcesOf(out, "aws_cloudtrail")[0];
    const groupId = idWhere(out, "aws_cloudwatch_log_group", "name", GROUP);
    const roleId = idWhere(out, "aws_iam_role", "name", "example-cloudtrail-to-cloudwatch-logs");
    expect(trail.cloud_watch_logs_group_arn).toBe(`\${aws_cloudwatch_log_group.${groupId}.arn}:*`);
    expect(trail.cloud_watch_logs_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  test("the delivery role trusts CloudTrail with no aws:Source* condition (unsupported there) and writes to this group only", () => {
    const role = resourcesOf(out, "aws_iam_role")[0];
    // CloudTrail rejects a CloudWatch Logs role whose trust conditions on aws:SourceArn
    // or aws:SourceAccount (InvalidCloudWatchLogsRoleArnException).
    expect(statements(role.assume_role_policy)).toEqual([
      { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
    expect(statement(policy, "WriteTrailLogStreams")).toEqual({
      Sid: "WriteTrailLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:eu-west-1:111111111111:log-group:${GROUP}:log-stream:*`,
    });
  });

  test("the log group keeps logs for the configured retention, encrypted with its own key by default", () => {
    const keyId = idWhere(out, "aws_kms_key", "enable_key_rotation", true);
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: GROUP,
      retention_in_days: 365,
      kms_key_id: `\${aws_kms_key.${keyId}.arn}`,
      lifecycle: { prevent_destroy: true },
    });
    const keyPolicy = resourcesOf(out, "aws_kms_key")[0].policy;
    expect(statement(keyPolicy, "CloudWatchLogsForTheseLogGroups")).toMatchObject({
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Condition: {
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:eu-west-1:111111111111:log-group:${GROUP}`] },
      },
    });
  });

  test("kmsEncryption false is the explicit way to drop the log group key", () => {
    const plain = synth({ kmsEncryption: false, retentionDays: 90 });
    expect(resourcesOf(plain, "aws_kms_key")).toHaveLength(0);
    expect(resourcesOf(plain, "aws_cloudwatch_log_group")[0].kms_key_id).toBeUndefined();
    expect(resourcesOf(plain, "aws_cloudwatch_log_group")[0].retention_in_days).toBe(90);
  });

  test("records management events and S3 writes except to log buckets", () => {
    const selectors = resourcesOf(out, "aws_cloudtrail")[0].advanced_event_selector;
    expect(selectors[0].field_selector).toEqual([{ field: "eventCategory", equals: ["Management"] }]);
    expect(selectors[1].field_selector).toContainEqual({
      field: "resources.ARN",
      not_starts_with: ["arn:aws:s3:::example-cloudtrail-archive-", "arn:aws:s3:::example-s3-access-logs-"],
    });
  });
});
