import { App, Testing } from "cdktf";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  changedPaths,
  deployOrder,
  readEmulatorGaps,
  readLeftOut,
  workingCopy,
} from "../../scripts/rehearsal/rehearse";
import { defineOrganization } from "../../stacks/organization";
import { exampleConfig, synthStack } from "../helpers";

describe("deploy rehearsal: the working copy", () => {
  const config = exampleConfig();
  const stacks = defineOrganization(Testing.app(), config);
  const logArchive = synthStack(stacks.find((s) => s.node.id === "log-archive")!) as any;
  const copy = workingCopy("log-archive", logArchive, {
    providerVersion: "6.48.0-dev",
    stateDir: "/tmp/state",
    leftOut: [{ type: "aws_cloudwatch_metric_alarm", reason: "the emulator does not serve it" }],
  });

  test("keeps the providers as synthesized: the role in its own account, the allowed account", () => {
    expect(copy.provider.aws[0].assume_role).toEqual(logArchive.provider.aws[0].assume_role);
    expect(copy.provider.aws[0].allowed_account_ids).toEqual(["222222222222"]);
    expect(copy.provider.aws[0].s3_use_path_style).toBe(true);
  });

  test("requires the mirrored provider and keeps local state in the rehearsal's folder", () => {
    expect(copy.terraform.required_providers.aws.version).toBe("6.48.0-dev");
    expect(copy.terraform.backend).toEqual({ local: { path: "/tmp/state/log-archive.tfstate" } });
  });

  test("leaves out only the listed resource type; everything else is as synthesized", () => {
    expect(copy.resource.aws_cloudwatch_metric_alarm).toBeUndefined();
    expect(logArchive.resource.aws_cloudwatch_metric_alarm).toBeDefined();
    const rest = Object.keys(logArchive.resource).filter((t) => t !== "aws_cloudwatch_metric_alarm");
    expect(Object.keys(copy.resource).sort()).toEqual(rest.sort());
    expect(copy.resource.aws_s3_bucket).toEqual(logArchive.resource.aws_s3_bucket);
  });

  test("refuses to leave out a resource that another one refers to", () => {
    expect(() =>
      workingCopy("log-archive", logArchive, {
        providerVersion: "6.48.0-dev",
        stateDir: "/tmp/state",
        leftOut: [{ type: "aws_sns_topic", reason: "the emulator does not serve it" }],
      }),
    ).toThrow(/refers to aws_sns_topic\./);
  });

  test("a Terraform Cloud backend becomes local state (the maximal fixture's)", () => {
    const cloud = { ...logArchive, terraform: { ...logArchive.terraform, cloud: { organization: "acme" } } };
    delete cloud.terraform.backend;
    const c = workingCopy("log-archive", cloud, { providerVersion: "x", stateDir: "/s", leftOut: [] });
    expect(c.terraform.cloud).toBeUndefined();
    expect(c.terraform.backend).toEqual({ local: { path: "/s/log-archive.tfstate" } });
  });
});

describe("deploy rehearsal: order and diffs", () => {
  test("follows the dependencies the app records in manifest.json", () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "order-"));
    const app = new App({ outdir });
    defineOrganization(app, exampleConfig());
    app.synth();
    const order = deployOrder(JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")));
    const at = (s: string) => order.indexOf(s);
    expect(order).toHaveLength(14);
    expect(at("log-archive")).toBeLessThan(at("org-trail"));
    for (const b of order.filter((s) => s.startsWith("baseline-"))) {
      expect(at("log-archive")).toBeLessThan(at(b));
      expect(at("security-events")).toBeLessThan(at(b));
      expect(at(b)).toBeLessThan(at("audit"));
    }
    expect(at("org-trail")).toBeLessThan(at("audit"));
  });

  test("a dependency cycle is an error", () => {
    expect(() => deployOrder({ stacks: { a: { dependencies: ["b"] }, b: { dependencies: ["a"] } } })).toThrow(
      "dependency cycle: a -> b -> a",
    );
  });

  test("changed paths: nested blocks without indices, unknowns ignored, white space in JSON named", () => {
    expect(
      changedPaths(
        { tags_all: { a: "1" }, rule: [{ filter: [{ prefix: "" }], id: "r" }], policy: '{"a": 1}', arn: "x" },
        {
          tags_all: { a: "1", b: "2" },
          rule: [{ filter: [{ prefix: "222222222222/" }], id: "r" }],
          policy: '{"a":1}',
          arn: null,
        },
        { arn: true },
      ).sort(),
    ).toEqual(["policy#whitespace", "rule.filter.prefix", "tags_all.b"]);
    expect(changedPaths({ dead_letter_config: [] }, { dead_letter_config: [{ target_arn: "q" }] })).toEqual([
      "dead_letter_config",
    ]);
  });
});

describe("deploy rehearsal: the checked-in lists", () => {
  test("every left-out type and every emulator gap has a reason", () => {
    for (const l of readLeftOut()) expect(l.reason.length).toBeGreaterThan(20);
    for (const g of readEmulatorGaps()) {
      expect(g.attributes.length).toBeGreaterThan(0);
      expect(g.reason.length).toBeGreaterThan(20);
    }
  });
});
