import { Testing } from "cdktf";
import { parse } from "yaml";
import { ConfigRecorder, OrganizationConformancePack, conformancePackTemplate } from "../../modules/config-rules";
import { CONFIG_RULES } from "../../modules/detections";
import { resourcesOf, statement } from "../helpers";

describe("OrganizationConformancePack", () => {
  // As in its doc comment (with the stack's default provider).
  const out = Testing.synthScope((s) => {
    new OrganizationConformancePack(s, "conformance-pack-eu-west-1", {
      packName: "example-s3-audit",
      namePrefix: "example",
      includeAccountRules: true,
    });
  });

  test("one AWS managed rule per control the issue names, each named with the prefix", () => {
    const pack = resourcesOf(out, "aws_config_organization_conformance_pack")[0];
    expect(pack.name).toBe("example-s3-audit");
    const template = parse(pack.template_body) as { Resources: Record<string, any> };
    const rules = Object.values(template.Resources);
    expect(rules.map((r) => r.Properties.Source.SourceIdentifier).sort()).toEqual(
      [
        "CLOUD_TRAIL_ENABLED",
        "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
        "MULTI_REGION_CLOUD_TRAIL_ENABLED",
        "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
        "S3_BUCKET_ACL_PROHIBITED",
        "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        "S3_BUCKET_LOGGING_ENABLED",
        "S3_BUCKET_PUBLIC_READ_PROHIBITED",
        "S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
        "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
        "S3_BUCKET_SSL_REQUESTS_ONLY",
        "S3_BUCKET_VERSIONING_ENABLED",
      ].sort(),
    );
    for (const r of rules) {
      expect(r.Type).toBe("AWS::Config::ConfigRule");
      expect(r.Properties.ConfigRuleName).toMatch(/^example-[a-z0-9-]+$/);
      expect(r.Properties.Source.Owner).toBe("AWS");
    }
    // Periodic account-level rules run daily; bucket rules are scoped to buckets.
    const periodic = rules.filter((r) => r.Properties.MaximumExecutionFrequency);
    expect(periodic).toHaveLength(CONFIG_RULES.filter((r) => r.scope === "account").length);
    for (const r of rules.filter((x) => !x.Properties.MaximumExecutionFrequency)) {
      expect(r.Properties.Scope).toEqual({ ComplianceResourceTypes: ["AWS::S3::Bucket"] });
    }
  });

  test("outside the home region only the bucket rules, so account checks run once", () => {
    const template = parse(conformancePackTemplate("example", false)) as { Resources: Record<string, any> };
    expect(Object.keys(template.Resources)).toHaveLength(CONFIG_RULES.filter((r) => r.scope === "bucket").length);
    expect(Buffer.byteLength(conformancePackTemplate("a-twenty-char-prefix", true))).toBeLessThan(51_200);
  });
});

describe("ConfigRecorder", () => {
  // As in its doc comment.
  const out = Testing.synthScope((s) => {
    new ConfigRecorder(s, "config-recorder", {
      accountId: "444444444444",
      roleName: "example-config-recorder-eu-west-1",
      deliveryBucketName: "example-config-history-222222222222",
    });
  });

  test("records only what the rules evaluate, through its own role", () => {
    const recorder = resourcesOf(out, "aws_config_configuration_recorder")[0];
    expect(recorder.recording_group).toEqual({
      all_supported: false,
      include_global_resource_types: false,
      resource_types: ["AWS::S3::Bucket", "AWS::S3::AccountPublicAccessBlock", "AWS::CloudTrail::Trail"],
      recording_strategy: [{ use_only: "INCLUSION_BY_RESOURCE_TYPES" }],
    });
    expect(recorder.role_arn).toMatch(/^\$\{aws_iam_role\./);
    const role = resourcesOf(out, "aws_iam_role")[0];
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toEqual({
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "444444444444" } },
    });
  });

  test("delivers its own account's history only, after the recorder exists; then records", () => {
    const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
    // Config sets the bucket-owner-full-control ACL when it delivers across accounts.
    expect(statement(policy, "DeliverOwnHistory").Action).toEqual(["s3:PutObject", "s3:PutObjectAcl"]);
    expect(statement(policy, "DeliverOwnHistory").Resource).toBe(
      "arn:aws:s3:::example-config-history-222222222222/AWSLogs/444444444444/Config/*",
    );
    const channel = resourcesOf(out, "aws_config_delivery_channel")[0];
    expect(channel.s3_bucket_name).toBe("example-config-history-222222222222");
    expect(channel.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_config_configuration_recorder\./),
        expect.stringMatching(/^aws_iam_role_policy\./),
      ]),
    );
    const status = resourcesOf(out, "aws_config_configuration_recorder_status")[0];
    expect(status.is_enabled).toBe(true);
    expect(status.depends_on).toEqual([expect.stringMatching(/^aws_config_delivery_channel\./)]);
  });
});
