import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, Testing } from "cdktf";
import { defineOrganization } from "../../stacks/organization";
import { exampleConfig, synthStack } from "../helpers";

describe("defineOrganization", () => {
  test("stacks in deploy order: archive, trail, central bus, a baseline per account and region, audit", () => {
    const stacks = defineOrganization(Testing.app(), exampleConfig());
    expect(stacks.slice(0, 3).map((s) => [s.node.id, s.accountId, s.region])).toEqual([
      ["log-archive", "222222222222", "eu-west-1"],
      ["org-trail", "111111111111", "eu-west-1"],
      ["security-events", "333333333333", "eu-west-1"],
    ]);
    const baselines = stacks.slice(3, -1).map((s) => `${s.node.id} ${s.accountId} ${s.region}`);
    expect(baselines).toHaveLength(10);
    expect(baselines.every((b) => b.startsWith("baseline-"))).toBe(true);
    expect(stacks.slice(-1).map((s) => [s.node.id, s.accountId, s.region])).toEqual([
      ["audit", "333333333333", "eu-west-1"],
    ]);
    expect(baselines).toContain("baseline-payments-prod-us-east-1 444444444444 us-east-1");
    expect(baselines).toContain("baseline-log-archive-eu-west-1 222222222222 eu-west-1");
  });

  test("the app declares the deploy order, so cdktf deploy follows it and manifest.json records it", () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "order-"));
    const app = new App({ outdir });
    defineOrganization(app, exampleConfig());
    app.synth();
    const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const deps = (name: string): string[] => [...manifest.stacks[name].dependencies].sort();
    expect(deps("log-archive")).toEqual([]);
    expect(deps("org-trail")).toEqual(["log-archive"]);
    expect(deps("security-events")).toEqual([]);
    const baselines = Object.keys(manifest.stacks).filter((n) => n.startsWith("baseline-"));
    expect(baselines).toHaveLength(10);
    for (const b of baselines) expect([b, deps(b)]).toEqual([b, ["log-archive", "security-events"]]);
    // Conformance packs need every account's recorder; registrations come from org-trail.
    expect(deps("audit")).toEqual([...baselines, "org-trail"].sort());
  });

  test("baselines cover every governed region plus us-east-1, where global-service events arrive", () => {
    const config = exampleConfig((r) => {
      r.organization.homeRegion = "eu-west-1";
      r.organization.regions = ["eu-west-1", "eu-central-1", "ap-southeast-2"];
    });
    const regions = new Set(
      defineOrganization(Testing.app(), config)
        .slice(3)
        .map((s) => s.region),
    );
    expect([...regions].sort()).toEqual(["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1"]);
  });

  test("nothing that holds audit logs can be destroyed by a plan", () => {
    const holdsLogs = (type: string, r: Record<string, any>) =>
      type === "aws_s3_bucket" ||
      (type === "aws_cloudwatch_log_group" && /cloudtrail|s3-access-logs/.test(r.name)) ||
      (type === "aws_kms_key" && /organization trail|CloudWatch Logs group|access-log-processor/.test(r.description)) ||
      (type === "aws_kms_alias" && /cloudtrail-archive/.test(r.name));
    const seen: Record<string, number> = {};
    for (const stack of defineOrganization(Testing.app(), exampleConfig())) {
      const out = synthStack(stack);
      for (const [type, byId] of Object.entries(out.resource)) {
        for (const [id, r] of Object.entries(byId)) {
          if (!holdsLogs(type, r)) continue;
          expect([type, id, r.lifecycle?.prevent_destroy]).toEqual([type, id, true]);
          if (type === "aws_s3_bucket") expect(r.force_destroy).toBe(false);
          seen[type] = (seen[type] ?? 0) + 1;
        }
      }
    }
    // Buckets: 2 archives, 10 access-log buckets (5 accounts x 2 regions), 4 declared,
    // Athena's results and Config's history. Keys: the archive's, the trail log
    // group's, the access-log records'. One alias. Log groups: the trail's and the
    // access-log records'.
    expect(seen).toEqual({ aws_s3_bucket: 18, aws_kms_key: 3, aws_kms_alias: 1, aws_cloudwatch_log_group: 2 });
  });
});
