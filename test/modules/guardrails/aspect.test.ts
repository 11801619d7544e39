import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HardenedBucket } from "../../../modules/hardened-bucket";
import {
  assertGuardrails,
  checkStack,
  GuardrailError,
  Guardrails,
  suppressGuardrail,
} from "../../../modules/guardrails";
import { defineOrganization, synthesizeOrganization } from "../../../stacks/organization";
import { exampleConfig } from "../../helpers";
import { loadConfigFile } from "../../../config/load";

function stackWithNakedBucket(app = Testing.app()) {
  const stack = new TerraformStack(app, "data");
  Aspects.of(stack).add(new Guardrails());
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const naked = new S3Bucket(stack, "naked", { bucket: "example-naked" });
  new HardenedBucket(stack, "fine", { bucketName: "example-fine" });
  return { app, stack, naked };
}

describe("Guardrails", () => {
  test("a violation fails synthesis with the rule id, the resource address, its path and the fix", () => {
    const { stack } = stackWithNakedBucket();
    expect(() => Testing.synth(stack, true)).toThrow(
      "[s3-versioning] aws_s3_bucket.naked (data/naked): versioning is not Enabled. Fix: Add aws_s3_bucket_versioning",
    );
  });

  test("an Aspect on the App is not applied by cdktf: the stack-level one is what fails synthesis", () => {
    const app = Testing.app();
    Aspects.of(app).add(new Guardrails());
    const stack = new TerraformStack(app, "data");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new S3Bucket(stack, "naked", { bucket: "example-naked" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    Aspects.of(stack).add(new Guardrails());
    expect(() => Testing.synth(stack, true)).toThrow(/\[s3-versioning\]/);
  });

  test("every violation is reported; the hardened bucket lacks only access logging", () => {
    const { stack } = stackWithNakedBucket();
    const found = checkStack(stack).map((v) => `${v.ruleId} ${v.address.replace(/_[0-9A-F]{8}$/, "")}`);
    expect(found.sort()).toEqual([
      "s3-access-logging aws_s3_bucket.fine_bucket",
      "s3-access-logging aws_s3_bucket.naked",
      "s3-acls-disabled aws_s3_bucket.naked",
      "s3-block-public-access aws_s3_bucket.naked",
      "s3-default-encryption aws_s3_bucket.naked",
      "s3-tls-only aws_s3_bucket.naked",
      "s3-versioning aws_s3_bucket.naked",
    ]);
  });

  test("a rule that throws on a resource is a finding on it that no suppression hides, not an abort", () => {
    const { stack } = stackWithNakedBucket();
    const broken = {
      id: "s3-versioning",
      description: "d",
      fix: "f",
      resourceTypes: ["aws_s3_bucket"],
      evaluate: () => {
        throw new Error("unexpected shape");
      },
    };
    suppressGuardrail(stack, "s3-versioning", "Suppressions accept findings, not a rule that cannot run.");
    const violations = checkStack(stack, [broken]);
    expect(violations.every((v) => v.fix.startsWith("This is a bug in the rule"))).toBe(true);
    const found = violations.map((v) => `${v.ruleId} ${v.address.replace(/_[0-9A-F]{8}$/, "")}: ${v.reason}`);
    expect(found.sort()).toEqual([
      "s3-versioning aws_s3_bucket.fine_bucket: the rule failed on this resource (unexpected shape), so it is not known to comply",
      "s3-versioning aws_s3_bucket.naked: the rule failed on this resource (unexpected shape), so it is not known to comply",
    ]);
  });

  test("a suppression with a reason accepts that rule on that construct only", () => {
    const { stack, naked } = stackWithNakedBucket();
    suppressGuardrail(naked, "s3-versioning", "Scratch data, re-created by the nightly job.");
    const rulesHit = checkStack(stack).map((v) => v.ruleId);
    expect(rulesHit).not.toContain("s3-versioning");
    expect(rulesHit).toContain("s3-default-encryption");
  });

  test("a suppression on a scope covers the resources below it", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "data");
    new S3Bucket(stack, "naked", { bucket: "example-naked" });
    for (const id of [
      "s3-versioning",
      "s3-acls-disabled",
      "s3-block-public-access",
      "s3-default-encryption",
      "s3-tls-only",
      "s3-access-logging",
    ]) {
      suppressGuardrail(stack, id, "A fixture that demonstrates scope-wide suppression.");
    }
    expect(checkStack(stack)).toEqual([]);
  });

  test.each([
    ["s3-versioning", "", /needs a reason/],
    ["s3-versioning", "because", /needs a reason \(at least 10 characters\)/],
    ["s3-versoning", "A reason long enough.", /cannot suppress unknown guardrail "s3-versoning"/],
  ])("suppressing %s with reason %p is refused", (rule, reason, message) => {
    const { naked } = stackWithNakedBucket();
    expect(() => suppressGuardrail(naked, rule, reason)).toThrow(message);
  });

  test("assertGuardrails lists the violations of every stack at once", () => {
    const { app } = stackWithNakedBucket();
    const other = new TerraformStack(app, "other");
    new S3Bucket(other, "also-naked", { bucket: "example-also-naked" });
    try {
      assertGuardrails(app);
      throw new Error("expected a GuardrailError");
    } catch (e) {
      expect(e).toBeInstanceOf(GuardrailError);
      const err = e as GuardrailError;
      expect(new Set(err.violations.map((v) => v.path.split("/")[0]))).toEqual(new Set(["data", "other"]));
      expect(err.message).toMatch(/^13 guardrail violations:\n {2}- \[/);
      expect(err.message).toContain("suppressGuardrail(construct, ruleId, reason)");
    }
  });

  test("a violation in any stack writes no stack at all", async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "guardrails-"));
    const app = new App({ outdir });
    const rogue = new TerraformStack(app, "rogue");
    new S3Bucket(rogue, "naked", { bucket: "example-naked" });
    await expect(synthesizeOrganization(app, exampleConfig())).rejects.toThrow(GuardrailError);
    // cdktf's App creates an empty stacks/ folder; no file is written.
    expect(
      readdirSync(outdir, { recursive: true }).filter((f) => !statSync(path.join(outdir, f as string)).isDirectory()),
    ).toEqual([]);
  });

  test.each([
    ["the example", undefined],
    ["the maximal configuration", path.join(__dirname, "..", "..", "fixtures", "maximal.yaml")],
  ])("%s breaks no guardrail", (_what, file) => {
    const app = Testing.app();
    const config = file ? loadConfigFile(file) : exampleConfig();
    for (const stack of defineOrganization(app, config)) expect(checkStack(stack)).toEqual([]);
  });
});
