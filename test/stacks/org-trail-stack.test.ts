import { Testing } from "cdktf";
import { LogArchiveStack } from "../../stacks/log-archive-stack";
import { OrgTrailStack } from "../../stacks/org-trail-stack";
import { exampleConfig, resourcesOf, statement, synthStack } from "../helpers";

describe("OrgTrailStack", () => {
  const config = exampleConfig();
  const out = synthStack(new OrgTrailStack(Testing.app(), "org-trail", config));
  const trail = resourcesOf(out, "aws_cloudtrail")[0];

  test("deploys into the management account, home region", () => {
    expect(out.provider!.aws[0].alias).toBeUndefined();
    expect(out.provider!.aws[0].allowed_account_ids).toEqual(["111111111111"]);
    expect(out.provider!.aws[0].region).toBe("eu-west-1");
    expect(resourcesOf(out, "aws_cloudtrail_organization_delegated_admin_account")).toHaveLength(0);
  });

  test("writes to the bucket and key that the log-archive stack creates", () => {
    const archive = synthStack(new LogArchiveStack(Testing.app(), "log-archive", config));
    const bucketNames = resourcesOf(archive, "aws_s3_bucket").map((b) => b.bucket);
    expect(bucketNames).toContain(trail.s3_bucket_name);
    // The key's ARN is read from its alias ARN with the trail account's own
    // credentials: no provider, let alone an admin role, in the log-archive account.
    const alias = resourcesOf(archive, "aws_kms_alias").find((a) => a.name.includes("cloudtrail-archive"))!.name;
    const lookups = Object.entries((out as any).data.aws_kms_key) as [string, any][];
    expect(lookups).toHaveLength(1);
    const [lookupId, lookup] = lookups[0];
    expect(lookup).toEqual({ key_id: `arn:aws:kms:eu-west-1:222222222222:${alias}` });
    expect(out.provider!.aws.map((p: any) => p.allowed_account_ids)).toEqual([["111111111111"]]);
    expect(JSON.stringify(out)).not.toContain("arn:aws:iam::222222222222:role/");
    expect(trail.kms_key_id).toBe(`\${data.aws_kms_key.${lookupId}.arn}`);
    // The archive key lets the trail's account describe it, and only that.
    const archiveKey = resourcesOf(archive, "aws_kms_key").find((k) => k.description.includes("organization trail"))!;
    expect(statement(archiveKey.policy, "TrailAccountLooksUpTheKey")).toEqual({
      Sid: "TrailAccountLooksUpTheKey",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::111111111111:root"] },
      Action: "kms:DescribeKey",
      Resource: "*",
    });
    // The trail's own ARN is what the archive's grants are conditioned on.
    const expectedArn = `arn:aws:cloudtrail:eu-west-1:111111111111:trail/${trail.name}`;
    expect(
      statement(
        resourcesOf(archive, "aws_kms_key").find((k) => k.description.includes("organization trail"))!.policy,
        "CloudTrailEncryptLogs",
      ).Condition!.StringEquals,
    ).toEqual({
      "aws:SourceArn": expectedArn,
    });
  });

  test("data events follow the config: org default, per-bucket overrides, never the log buckets", () => {
    const selectors = trail.advanced_event_selector;
    const arnField = (i: number) => selectors[i].field_selector.find((f: any) => f.field === "resources.ARN");
    expect(selectors.map((s: any) => s.name)).toEqual([
      "Management events",
      "S3 data events (write), all buckets except log buckets",
      "S3 data events (readWrite), selected buckets",
      "Deletions in log buckets",
    ]);
    expect(arnField(1).not_starts_with).toEqual([
      "arn:aws:s3:::example-cloudtrail-archive-",
      "arn:aws:s3:::example-s3-access-logs-",
      "arn:aws:s3:::example-analytics-prod-scratch/",
    ]);
    expect(arnField(2).starts_with).toEqual(["arn:aws:s3:::example-payments-prod-data/"]);
  });

  test("the log group follows the config", () => {
    const custom = synthStack(
      new OrgTrailStack(
        Testing.app(),
        "org-trail",
        exampleConfig((r) => {
          r.trail.cloudWatchLogsRetentionDays = 731;
          r.trail.cloudWatchLogsKms = false;
        }),
      ),
    );
    expect(resourcesOf(custom, "aws_cloudwatch_log_group")[0]).toMatchObject({ retention_in_days: 731 });
    expect(resourcesOf(custom, "aws_cloudwatch_log_group")[0].kms_key_id).toBeUndefined();
  });

  test("with a delegated administrator, the trail lives there and the management account registers it first", () => {
    const delegated = synthStack(
      new OrgTrailStack(
        Testing.app(),
        "org-trail",
        exampleConfig((r) => (r.trail.delegatedAdministrator = "333333333333")),
      ),
    );
    const [main, management] = delegated.provider!.aws.filter((p: any) => p.alias !== "log-archive");
    expect(main.allowed_account_ids).toEqual(["333333333333"]);
    expect(management).toMatchObject({
      alias: "management",
      allowed_account_ids: ["111111111111"],
      // The example names its own role for the management account.
      assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/s3-audit-baseline-deployer" }],
    });
    const registration = Object.entries(delegated.resource.aws_cloudtrail_organization_delegated_admin_account);
    expect(registration).toHaveLength(1);
    const [regId, reg] = registration[0];
    expect(reg).toMatchObject({ account_id: "333333333333", provider: "aws.management" });
    const t = resourcesOf(delegated, "aws_cloudtrail")[0];
    expect(t.depends_on).toContain(`aws_cloudtrail_organization_delegated_admin_account.${regId}`);
    // The management account still owns an organization trail: no ARN of the
    // delegated administrator's appears.
    expect(JSON.stringify(delegated)).not.toContain("arn:aws:cloudtrail:eu-west-1:333333333333");
  });
});
