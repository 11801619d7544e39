import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { loadConfigFile, DEFAULT_CONFIG_PATH } from "../../config/load";
import { defineOrganization } from "../../stacks/organization";
import {
  describeFinding,
  readCheckovSkips,
  runCheckov,
  type CheckovFinding,
  type CheckovSkip,
} from "../support/checkov";

const MAXIMAL = path.join(__dirname, "..", "fixtures", "maximal.yaml");

function synthesize(outdir: string, configFile: string): void {
  const app = new App({ outdir });
  defineOrganization(app, loadConfigFile(configFile));
  app.synth();
}

/** The failures .checkov.yaml does not accept. */
function unaccepted(failed: CheckovFinding[], skips: CheckovSkip[]): CheckovFinding[] {
  return failed.filter((f) => !skips.some((s) => s.checkId === f.checkId));
}

describe("checkov over every synthesized stack", () => {
  const root = mkdtempSync(path.join(tmpdir(), "checkov-"));
  synthesize(path.join(root, "example"), DEFAULT_CONFIG_PATH);
  synthesize(path.join(root, "maximal"), MAXIMAL);
  // A deliberately insecure stack: proves the layer catches what it should.
  const broken = new App({ outdir: path.join(root, "broken") });
  const stack = new TerraformStack(broken, "broken");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new S3Bucket(stack, "naked", { bucket: "example-naked" });
  broken.synth();

  const report = runCheckov(root);
  const skips = readCheckovSkips();
  const inStacks = (f: CheckovFinding) => !f.file.startsWith("broken/");
  const failed = report.failed.filter(inStacks);
  const passed = report.passed.filter(inStacks);

  test("parses every stack", () => {
    expect(report.parsingErrors).toEqual([]);
    const files = new Set([...passed, ...failed].map((f) => f.file));
    const expected = ["example", "maximal"].flatMap((org) =>
      readdirSync(path.join(root, org, "stacks")).map((s) => `${org}/stacks/${s}/cdk.tf.json`),
    );
    expect(expected.length).toBeGreaterThan(20);
    expect([...files].sort()).toEqual(expected.sort());
  });

  test("no check fails unless .checkov.yaml accepts it", () => {
    const accepted = failed.length - unaccepted(failed, skips).length;
    const resources = new Set([...passed, ...failed].map((f) => `${f.file}#${f.resource}`)).size;
    console.log(
      `checkov: ${passed.length} passed, ${failed.length - accepted} failed, ${accepted} skipped by .checkov.yaml ` +
        `(${resources} resources checked, example + maximal)`,
    );
    expect(unaccepted(failed, skips).map(describeFinding)).toEqual([]);
  });

  test("every skip gives a reason and still matches a finding", () => {
    for (const s of skips) {
      expect([s.checkId, s.reason.length > 20]).toEqual([s.checkId, true]);
      expect([s.checkId, failed.some((f) => f.checkId === s.checkId)]).toEqual([s.checkId, true]);
    }
  });

  test("a deliberately insecure bucket fails with the check, resource and file named", () => {
    const brokenFailures = unaccepted(
      report.failed.filter((f) => f.file.startsWith("broken/")),
      skips,
    ).map(describeFinding);
    expect(brokenFailures).toContain(
      "CKV_AWS_21 (Ensure all data stored in the S3 bucket have versioning enabled) on aws_s3_bucket.naked in broken/stacks/broken/cdk.tf.json",
    );
    expect(brokenFailures).toContainEqual(
      expect.stringMatching(/^CKV2_AWS_6 \(.*Public Access block.*\) on aws_s3_bucket\.naked/),
    );
  });
});
