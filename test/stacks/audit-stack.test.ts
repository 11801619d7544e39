import { Testing } from "cdktf";
import { AuditStack, hasAuditStack } from "../../stacks/audit-stack";
import { OrgTrailStack } from "../../stacks/org-trail-stack";
import { AccountBaselineStack } from "../../stacks/account-baseline-stack";
import { exampleConfig, resourcesOf, synthStack } from "../helpers";

describe("AuditStack", () => {
  const config = exampleConfig();
  const out = synthStack(new AuditStack(Testing.app(), "audit", config));

  test("deploys into the security account, one conformance pack and one analyzer per governed region", () => {
    expect(out.provider!.aws.map((p: any) => [p.alias ?? "default", p.region, p.allowed_account_ids])).toEqual([
      ["default", "eu-west-1", ["333333333333"]],
      ["us-east-1", "us-east-1", ["333333333333"]],
    ]);
    const packs = resourcesOf(out, "aws_config_organization_conformance_pack");
    expect(packs.map((p) => p.provider ?? "aws").sort()).toEqual(["aws", "aws.us-east-1"]);
    const analyzers = resourcesOf(out, "aws_accessanalyzer_analyzer");
    expect(analyzers.map((a) => [a.analyzer_name, a.type, a.provider ?? "aws"]).sort()).toEqual([
      ["example-organization", "ORGANIZATION", "aws"],
      ["example-organization", "ORGANIZATION", "aws.us-east-1"],
    ]);
    // Account-level rules only in the home region.
    const home = packs.find((p) => (p.provider ?? "aws") === "aws")!;
    const other = packs.find((p) => p.provider === "aws.us-east-1")!;
    expect(home.template_body).toContain("CLOUD_TRAIL_ENABLED");
    expect(other.template_body).not.toContain("CLOUD_TRAIL_ENABLED");
  });

  test("needs a provider that waits for a delegated administrator's conformance pack correctly", () => {
    expect(out.terraform.required_providers.aws.version).toBe(">= 6.39.0");
  });

  test("accounts that do not record are excluded from the pack", () => {
    const excluded = synthStack(
      new AuditStack(
        Testing.app(),
        "audit",
        exampleConfig((r) => (r.audit.config.excludedAccounts = ["999999999999"])),
      ),
    );
    for (const p of resourcesOf(excluded, "aws_config_organization_conformance_pack"))
      expect(p.excluded_accounts).toEqual(["999999999999"]);
    for (const p of resourcesOf(out, "aws_config_organization_conformance_pack"))
      expect(p.excluded_accounts).toBeUndefined();
  });

  test("each tool can be switched off; with both off there is no audit stack", () => {
    const noAnalyzer = synthStack(
      new AuditStack(
        Testing.app(),
        "audit",
        exampleConfig((r) => (r.audit.accessAnalyzer.enabled = false)),
      ),
    );
    expect(resourcesOf(noAnalyzer, "aws_accessanalyzer_analyzer")).toEqual([]);
    expect(resourcesOf(noAnalyzer, "aws_config_organization_conformance_pack")).toHaveLength(2);
    const neither = exampleConfig((r) => {
      r.audit.accessAnalyzer.enabled = false;
      r.audit.config.enabled = false;
    });
    expect(hasAuditStack(neither)).toBe(false);
  });

  test("org-trail registers the security account as delegated administrator of Config rules and Access Analyzer", () => {
    const trail = synthStack(new OrgTrailStack(Testing.app(), "org-trail", config));
    expect(
      resourcesOf(trail, "aws_organizations_delegated_administrator")
        .map((r) => [r.account_id, r.service_principal])
        .sort(),
    ).toEqual([
      ["333333333333", "access-analyzer.amazonaws.com"],
      ["333333333333", "config-multiaccountsetup.amazonaws.com"],
    ]);
    // Without a security account the tools sit with the trail in the management
    // account, which cannot register itself.
    const noSecurity = exampleConfig((r) => {
      delete r.accounts.security;
      r.archive.readers = ["arn:aws:iam::111111111111:role/auditor"];
    });
    const bare = synthStack(new OrgTrailStack(Testing.app(), "org-trail", noSecurity));
    expect(resourcesOf(bare, "aws_organizations_delegated_administrator")).toEqual([]);
    expect(new AuditStack(Testing.app(), "audit", noSecurity).accountId).toBe("111111111111");
  });

  test("baselines create recorders only when the config asks, and forward the findings", () => {
    const account = config.accounts.members[0];
    const withRecorder = synthStack(new AccountBaselineStack(Testing.app(), "b", config, account, "eu-west-1"));
    const recorder = resourcesOf(withRecorder, "aws_iam_role").find(
      (r) => r.name === "example-config-recorder-eu-west-1",
    );
    expect(recorder).toBeDefined();
    expect(resourcesOf(withRecorder, "aws_config_delivery_channel")[0].s3_bucket_name).toBe(
      "example-config-history-222222222222",
    );
    const existing = exampleConfig((r) => (r.audit.config.createRecorders = false));
    const without = synthStack(
      new AccountBaselineStack(Testing.app(), "b", existing, existing.accounts.members[0], "eu-west-1"),
    );
    expect(resourcesOf(without, "aws_config_configuration_recorder")).toEqual([]);
    const forwarding = JSON.parse(resourcesOf(without, "aws_cloudwatch_event_rule")[0].event_pattern);
    expect(forwarding.$or[1]).toEqual({
      source: ["aws.access-analyzer", "aws.config", "aws.trustedadvisor"],
      "detail-type": [
        "Access Analyzer Finding",
        "Config Rules Compliance Change",
        "Trusted Advisor Check Item Refresh Notification",
      ],
    });
  });
});
