import { TerraformResource, Testing } from "cdktf";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { AccountBaselineStack } from "../../stacks/account-baseline-stack";
import { defineOrganization } from "../../stacks/organization";
import { checkStack } from "../../modules/guardrails";
import { exampleConfig, idWhere, resourcesOf, synthStack } from "../helpers";

// Three governed regions, buckets spread over them.
const threeRegions = () =>
  exampleConfig((r) => {
    r.organization.regions = ["eu-west-1", "eu-central-1", "ap-southeast-2"];
    r.accounts.members[0].buckets[1].region = "eu-central-1";
    r.accounts.members[1].buckets[0].region = "ap-southeast-2";
    r.accounts.members[1].buckets[0].encryption = "SSE-KMS";
  });

describe("AccountBaselineStack", () => {
  const config = threeRegions();
  const stacks = defineOrganization(Testing.app(), config);
  const byId = new Map(stacks.map((s) => [s.node.id, s]));
  const synth = (id: string) => synthStack(byId.get(id)!);

  test("every account has one baseline per governed region plus us-east-1", () => {
    const ids = stacks.filter((s) => s instanceof AccountBaselineStack).map((s) => s.node.id);
    expect(ids).toHaveLength(5 * 4);
    expect(ids).toContain("baseline-security-ap-southeast-2");
    expect(ids).toContain("baseline-management-us-east-1");
  });

  test("every account has account-level Block Public Access, once, in its home-region baseline", () => {
    for (const account of ["management", "log-archive", "security", "payments-prod", "analytics-prod"]) {
      const blocks = ["eu-west-1", "eu-central-1", "ap-southeast-2", "us-east-1"].flatMap((r) =>
        resourcesOf(synth(`baseline-${account}-${r}`), "aws_s3_account_public_access_block"),
      );
      expect([account, blocks]).toEqual([
        account,
        [
          expect.objectContaining({
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          }),
        ],
      ]);
    }
    expect(JSON.stringify(synth("baseline-payments-prod-eu-west-1"))).toHaveResource(S3AccountPublicAccessBlock);
  });

  test("an access-log bucket per account and governed region, replicating to the archive; none where not governed", () => {
    const out = synth("baseline-payments-prod-eu-central-1");
    expect(resourcesOf(out, "aws_s3_bucket").map((b) => b.bucket)).toContain(
      "example-s3-access-logs-444444444444-eu-central-1",
    );
    const replication = resourcesOf(out, "aws_s3_bucket_replication_configuration")[0];
    expect(replication.rule[0].destination).toEqual({
      bucket: "arn:aws:s3:::example-s3-access-logs-archive-222222222222",
      account: "222222222222",
      access_control_translation: { owner: "Destination" },
    });
    expect(resourcesOf(synth("baseline-payments-prod-us-east-1"), "aws_s3_bucket")).toEqual([]);
    // The log-archive stack holds that account's home-region access-log bucket.
    expect(resourcesOf(synth("baseline-log-archive-eu-west-1"), "aws_s3_bucket")).toEqual([]);
  });

  test("each declared bucket is in the stack of its region, logging into that region's access-log bucket", () => {
    const central = synth("baseline-payments-prod-eu-central-1");
    expect(
      resourcesOf(central, "aws_s3_bucket")
        .map((b) => b.bucket)
        .sort(),
    ).toEqual(["example-payments-prod-exports", "example-s3-access-logs-444444444444-eu-central-1"]);
    const logsId = idWhere(central, "aws_s3_bucket", "bucket", "example-s3-access-logs-444444444444-eu-central-1");
    expect(resourcesOf(central, "aws_s3_bucket_logging")[0].target_bucket).toBe(`\${aws_s3_bucket.${logsId}.id}`);
    const sydney = synth("baseline-analytics-prod-ap-southeast-2");
    expect(resourcesOf(sydney, "aws_s3_bucket").map((b) => b.bucket)).toContain("example-analytics-prod-lake");
    expect(resourcesOf(sydney, "aws_kms_key").length).toBeGreaterThan(0);
  });

  test("one dashboard per account, in its home region, covering buckets of every region", () => {
    const dashboards = stacks.flatMap((s) => resourcesOf(synthStack(s), "aws_cloudwatch_dashboard"));
    expect(dashboards.map((d) => d.dashboard_name).sort()).toEqual([
      "example-s3-analytics-prod",
      "example-s3-payments-prod",
    ]);
    const payments = JSON.parse(
      dashboards.find((d) => d.dashboard_name === "example-s3-payments-prod")!.dashboard_body,
    );
    expect(new Set(payments.widgets.map((w: any) => w.properties.region))).toEqual(
      new Set(["eu-west-1", "eu-central-1"]),
    );
  });

  test("every bucket of every stack meets the baseline or is a log bucket built for it: no guardrail violation", () => {
    for (const s of stacks) expect([s.node.id, checkStack(s)]).toEqual([s.node.id, []]);
  });

  test("no bucket logs into itself and no logging edge leaves its account and region", () => {
    for (const s of stacks) {
      const out = synthStack(s);
      for (const l of resourcesOf(out, "aws_s3_bucket_logging")) {
        const source = typeof l.bucket === "string" ? l.bucket : "";
        expect(l.target_bucket).not.toBe(source);
        expect(l.target_bucket).toMatch(
          new RegExp(`^(\\$\\{aws_s3_bucket\\.|example-s3-access-logs-${s.accountId}-${s.region}$)`),
        );
      }
    }
  });

  test("a released bucket leaves AWS untouched: every resource its baseline had becomes a removed block", () => {
    const config = exampleConfig((r) => {
      const payments = r.accounts.members[0];
      payments.buckets = payments.buckets.filter((b: any) => b.name !== "example-payments-prod-exports");
      payments.releasedBuckets = [{ name: "example-payments-prod-exports" }];
    });
    const governed = exampleConfig();
    const find = (c: typeof config) =>
      defineOrganization(Testing.app(), c).find((s) => s.node.id === "baseline-payments-prod-eu-west-1")!;
    const before = synthStack(find(governed));
    const stack = find(config) as AccountBaselineStack;
    const after = synthStack(stack);
    // Nothing of the released bucket is declared any more...
    expect(resourcesOf(after, "aws_s3_bucket").map((b) => b.bucket)).not.toContain("example-payments-prod-exports");
    const removed = (after as any).removed as { from: string; lifecycle: { destroy: boolean } }[];
    // ...and every address it had is forgotten, not destroyed.
    const hadBefore = Object.entries(before.resource).flatMap(([type, byId]) =>
      Object.keys(byId)
        .filter((id) => id.startsWith("example-payments-prod-exports_"))
        .map((id) => `${type}.${id}`),
    );
    expect(hadBefore.length).toBeGreaterThan(10);
    expect(removed.map((r) => r.from)).toEqual(expect.arrayContaining(hadBefore));
    for (const r of removed) expect(r.lifecycle).toEqual({ destroy: false });
    expect(stack.released).toEqual(removed.map((r) => r.from));
    // The other bucket of the region is still governed, at the same addresses.
    const kept = (json: any) =>
      Object.keys(json.resource.aws_s3_bucket).filter((id) => id.startsWith("example-payments-prod-data_"));
    expect(kept(after)).toEqual(kept(before));
  });
});

describe("stack layout: one baseline stack per account", () => {
  const layout = (stackLayout: string) =>
    exampleConfig((r) => {
      r.organization.regions = ["eu-west-1", "eu-central-1", "ap-southeast-2"];
      r.accounts.members[0].buckets[1].region = "eu-central-1";
      r.accounts.members[0].buckets[1].existing = true;
      r.accounts.members[0].buckets[1].encryption = "SSE-S3";
      r.accounts.members[1].buckets[0].region = "ap-southeast-2";
      r.deployment.stackLayout = stackLayout;
    });
  const perAccount = defineOrganization(Testing.app(), layout("account"));
  const perRegion = defineOrganization(Testing.app(), layout("account-region"));
  const baselines = (stacks: typeof perAccount) => stacks.filter((s) => s instanceof AccountBaselineStack);

  /** What a resource is in AWS, whatever its address: its type and the names it sets. */
  const identity = (type: string, r: Record<string, any>) =>
    `${type} ${[
      "bucket",
      "name",
      "name_prefix",
      "role",
      "rule",
      "topic",
      "dashboard_name",
      "alarm_name",
      "arn",
      "policy_arn",
    ]
      .map((k) => (typeof r[k] === "string" && !r[k].includes("${") ? r[k] : ""))
      .join(" ")}`;
  const identities = (stacks: typeof perAccount) =>
    stacks
      .flatMap((s) =>
        Object.entries(synthStack(s).resource).flatMap(([t, byId]) => Object.values(byId).map((r) => identity(t, r))),
      )
      .sort();

  test("one stack per account, named baseline-<account>, deploying after log-archive and security-events", () => {
    expect(baselines(perAccount).map((s) => s.node.id)).toEqual([
      "baseline-management",
      "baseline-log-archive",
      "baseline-security",
      "baseline-payments-prod",
      "baseline-analytics-prod",
    ]);
    for (const s of baselines(perAccount))
      expect(s.dependencies.map((d) => d.node.id)).toEqual(["log-archive", "security-events"]);
    expect(perAccount.at(-1)!.dependencies.map((d) => d.node.id)).toEqual([
      "org-trail",
      ...baselines(perAccount).map((s) => s.node.id),
    ]);
  });

  test("an account's stack holds exactly what its per-region stacks hold", () => {
    for (const account of ["management", "log-archive", "payments-prod", "analytics-prod"]) {
      const one = baselines(perAccount).filter((s) => s.node.id === `baseline-${account}`);
      const many = baselines(perRegion).filter((s) => s.node.id.startsWith(`baseline-${account}-`));
      expect(many).toHaveLength(4);
      expect([account, identities(one)]).toEqual([account, identities(many)]);
    }
  });

  test("each region's resources go through a provider for that region in the account; the home region's through the default", () => {
    const stack = baselines(perAccount).find((s) => s.node.id === "baseline-payments-prod")!;
    const out = synthStack(stack);
    expect(
      out.provider!.aws.map((p) => [p.alias ?? "default", p.region, p.allowed_account_ids, p.assume_role[0].role_arn]),
    ).toEqual(
      [
        ["default", "eu-west-1"],
        ["eu-central-1", "eu-central-1"],
        ["ap-southeast-2", "ap-southeast-2"],
        ["us-east-1", "us-east-1"],
      ].map(([a, r]) => [a, r, ["444444444444"], "arn:aws:iam::444444444444:role/OrganizationAccountAccessRole"]),
    );
    const providers = new Map<string, Set<string>>();
    for (const r of stack.node.findAll().filter((c) => c instanceof TerraformResource)) {
      const region = /^baseline-payments-prod\/region-([a-z0-9-]+)\//.exec(r.node.path)![1];
      providers.set(region, (providers.get(region) ?? new Set()).add(r.provider?.fqn ?? "default"));
    }
    expect(Object.fromEntries([...providers].map(([r, p]) => [r, [...p]]))).toEqual({
      "eu-west-1": ["default"],
      "eu-central-1": ["aws.eu-central-1"],
      "ap-southeast-2": ["aws.ap-southeast-2"],
      "us-east-1": ["aws.us-east-1"],
    });
  });

  test("an existing bucket outside the home region is imported through its region's provider", () => {
    const out = synthStack(baselines(perAccount).find((s) => s.node.id === "baseline-payments-prod")!) as any;
    const imports = Object.values(out.resource.aws_s3_bucket as Record<string, any>).filter(
      (b) => b.bucket === "example-payments-prod-exports",
    );
    expect(imports).toHaveLength(1);
    expect(out.import).toEqual([
      expect.objectContaining({ id: "example-payments-prod-exports", provider: "aws.eu-central-1" }),
    ]);
  });

  test("no guardrail violation in any account's stack", () => {
    for (const s of baselines(perAccount)) expect([s.node.id, checkStack(s)]).toEqual([s.node.id, []]);
  });
});
