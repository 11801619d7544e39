import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, Lazy, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { GuardrailError } from "../../modules/guardrails";
import { defineOrganization, organizationPlan, synthesizeOrganization } from "../../stacks/organization";
import { synthesizeStacks, type StackPlan } from "../../stacks/synthesis";
import { testPlans, type TestPlanData } from "../fixtures/synthesis-worker";
import { exampleConfig } from "../helpers";

const WORKER = path.join(__dirname, "..", "fixtures", "synthesis-worker.ts");
const outdir = () => mkdtempSync(path.join(tmpdir(), "synthesis-"));

/** Every file under `dir` (relative path → content), archives left out (their zip times differ). */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, f);
    if (statSync(full).isFile() && !f.endsWith(".zip")) out[f] = readFileSync(full, "utf8");
  }
  return out;
}

function workerRun(data: TestPlanData, dir = outdir()) {
  return synthesizeStacks(new App({ outdir: dir }), testPlans(data), {
    processes: { module: WORKER, data },
    workers: 2,
    stacksPerProcess: 2,
  });
}

describe("synthesizeOrganization", () => {
  test("writes what cdktf's own app.synth() writes, file for file", async () => {
    const cdktf = outdir();
    const cdktfApp = new App({ outdir: cdktf });
    defineOrganization(cdktfApp, exampleConfig());
    cdktfApp.synth();

    const ours = outdir();
    const report = await synthesizeOrganization(new App({ outdir: ours }), exampleConfig());
    expect(report.stacks).toEqual(organizationPlan(exampleConfig()).map((p) => p.name));
    expect(report.workerProcesses).toBe(0);
    expect(report.concurrentWorkers).toBe(0);
    expect(files(ours)).toEqual(files(cdktf));
    expect(Object.keys(files(ours))).toContain("manifest.json");
  });

  test("with HCL output (cdktf synth --hcl) too", async () => {
    const cdktf = outdir();
    const cdktfApp = new App({ outdir: cdktf, hclOutput: true });
    defineOrganization(cdktfApp, exampleConfig());
    cdktfApp.synth();
    const ours = outdir();
    await synthesizeOrganization(new App({ outdir: ours, hclOutput: true }), exampleConfig());
    expect(files(ours)).toEqual(files(cdktf));
    expect(Object.keys(files(ours))).toContain(path.join("stacks", "org-trail", "cdk.tf"));
  });

  test("synthesizing again replaces a stack's assets and keeps its Terraform working files", async () => {
    const dir = outdir();
    await synthesizeOrganization(new App({ outdir: dir }), exampleConfig());
    const stack = path.join(dir, "stacks", "log-archive");
    mkdirSync(path.join(stack, "assets", "old-bundle"), { recursive: true });
    writeFileSync(path.join(stack, "assets", "old-bundle", "archive.zip"), "old");
    mkdirSync(path.join(stack, ".terraform"));
    writeFileSync(path.join(stack, ".terraform", "terraform.tfstate"), "{}");
    await synthesizeOrganization(new App({ outdir: dir }), exampleConfig());
    expect(existsSync(path.join(stack, "assets", "old-bundle"))).toBe(false);
    expect(readdirSync(path.join(stack, "assets"))).toHaveLength(1);
    expect(readFileSync(path.join(stack, ".terraform", "terraform.tfstate"), "utf8")).toBe("{}");
    expect(readdirSync(dir).filter((f) => f.startsWith(".staging"))).toEqual([]);
  });

  test("worker processes write the same files as one process", async () => {
    const one = outdir();
    await synthesizeOrganization(new App({ outdir: one }), exampleConfig(), { workers: 1 });
    const many = outdir();
    const report = await synthesizeOrganization(new App({ outdir: many }), exampleConfig(), {
      workers: 2,
      stacksPerProcess: 4,
    });
    // 14 stacks, 2 at a time, at most 4 each: 2 rounds of 2 batches.
    expect(report.workerProcesses).toBe(4);
    expect(report.concurrentWorkers).toBe(2);
    expect(report.workerMaxRssKiB).toBeGreaterThan(0);
    expect(files(many)).toEqual(files(one));
  });

  test("each stack leaves the tree once written, so memory does not grow with the organization", async () => {
    const app = new App({ outdir: outdir() });
    await synthesizeOrganization(app, exampleConfig(), { workers: 1 });
    expect(app.node.children).toEqual([]);
  });
});

describe("synthesizeStacks with worker processes", () => {
  test("records each stack's dependencies by name in the manifest", async () => {
    const dir = outdir();
    const report = await workerRun({ stacks: 5 }, dir);
    expect(report.stacks).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(report.stacks);
    expect(manifest.stacks.s3.dependencies).toEqual(["s0"]);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "stacks"]);
  });

  test.each([
    // 6 stacks of weight 1, at most 5 a batch: one round of 2 batches of 3.
    [1, 2],
    // 6 stacks of weight 3 (three regions each): 2 rounds, one stack a batch.
    [3, 6],
  ])("stacks of weight %d, at most 5 a process, take %d processes", async (weight, processes) => {
    const data = { stacks: 6, weight };
    const report = await synthesizeStacks(new App({ outdir: outdir() }), testPlans(data), {
      processes: { module: WORKER, data },
      workers: 2,
      stacksPerProcess: 5,
    });
    expect(report.workerProcesses).toBe(processes);
    expect(report.stacks).toHaveLength(6);
  });

  test("a violation in one worker's stack writes nothing anywhere", async () => {
    const dir = outdir();
    await expect(workerRun({ stacks: 5, naked: 3 }, dir)).rejects.toThrow(GuardrailError);
    await workerRun({ stacks: 5, naked: 3 }, dir).catch((e: GuardrailError) => {
      expect(new Set(e.violations.map((v) => v.path.split("/")[0]))).toEqual(new Set(["s3"]));
    });
    const written = readdirSync(dir, { recursive: true }) as string[];
    expect(written.filter((f) => statSync(path.join(dir, f)).isFile())).toEqual([]);
  });

  test("an error in a worker names it and writes nothing", async () => {
    const dir = outdir();
    await expect(workerRun({ stacks: 5, throws: 4 }, dir)).rejects.toThrow(
      /synthesis failed in a worker process: Error: stack s4 cannot be built/,
    );
    const written = readdirSync(dir, { recursive: true }) as string[];
    expect(written.filter((f) => statSync(path.join(dir, f)).isFile())).toEqual([]);
  });
});

describe("synthesizeStacks in this process", () => {
  test.each([
    ["carry the Guardrails aspect", true],
    ["carry no guardrails of their own", false],
  ])("stacks that %s are checked, and a violation lists the rule and the resource", async (_what, guarded) => {
    const dir = outdir();
    const error = await synthesizeStacks(new App({ outdir: dir }), testPlans({ stacks: 3, naked: 1, guarded })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GuardrailError);
    const found = (error as GuardrailError).violations.map((v) => `${v.ruleId} ${v.path}`);
    expect(found).toContain("s3-versioning s1/naked");
    expect(new Set(found.map((f) => f.split(" ")[1]))).toEqual(new Set(["s1/naked"]));
    const written = readdirSync(dir, { recursive: true }) as string[];
    expect(written.filter((f) => statSync(path.join(dir, f)).isFile())).toEqual([]);
  });
});

describe("stacks already in the App", () => {
  /** Two stacks, the second reading a value of the first across stacks. */
  function twoStacks(app: App) {
    const first = new TerraformStack(app, "first");
    new AwsProvider(first, "aws", { region: "eu-west-1" });
    const parameter = new SsmParameter(first, "origin", { name: "/example/origin", type: "String", value: "x" });
    const second = new TerraformStack(app, "second");
    new AwsProvider(second, "aws", { region: "eu-west-1" });
    new SsmParameter(second, "copy", { name: "/example/copy", type: "String", value: parameter.arn });
  }

  test("are written as app.synth() writes them, cross-stack references included", async () => {
    const cdktf = outdir();
    const cdktfApp = new App({ outdir: cdktf });
    twoStacks(cdktfApp);
    cdktfApp.synth();
    const ours = outdir();
    const app = new App({ outdir: ours });
    twoStacks(app);
    await synthesizeStacks(app, []);
    expect(files(ours)).toEqual(files(cdktf));
    expect(files(ours)[path.join("stacks", "second", "cdk.tf.json")]).toContain("terraform_remote_state");
  });
});

describe("token traces", () => {
  /** A plan whose build creates a token and keeps the stack trace cdktf captured for it. */
  function tracingPlan(seen: string[][]): StackPlan {
    return {
      name: "traced",
      dependsOn: [],
      build: (scope) => {
        seen.push(Lazy.anyValue({ produce: () => 1 }).creationStack);
        const stack = new TerraformStack(scope, "traced");
        new AwsProvider(stack, "aws", { region: "eu-west-1" });
        return stack;
      },
    };
  }

  test("tokens created while synthesizing record no trace, unless asked; outside, they do", async () => {
    const seen: string[][] = [];
    await synthesizeStacks(new App({ outdir: outdir() }), [tracingPlan(seen)]);
    await synthesizeStacks(new App({ outdir: outdir() }), [tracingPlan(seen)], { tokenTraces: true });
    expect(seen[0]).toEqual([]);
    expect(seen[1].length).toBeGreaterThan(0);
    expect(Lazy.anyValue({ produce: () => 1 }).creationStack.length).toBeGreaterThan(0);
  });

  test("errors thrown while synthesizing keep their stack traces", async () => {
    const plans = testPlans({ stacks: 2, throws: 1 });
    const error = await synthesizeStacks(new App({ outdir: outdir() }), plans).catch((e: Error) => e);
    expect((error as Error).stack).toMatch(/stack s1 cannot be built\n\s+at /);
  });
});
