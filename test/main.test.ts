import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { exampleRaw } from "./helpers";

// main.ts as `cdktf synth` runs it: a separate process, output in CDKTF_OUTDIR.
function runMain(env: Record<string, string>) {
  const outdir = mkdtempSync(path.join(tmpdir(), "baseline-synth-"));
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: path.join(__dirname, ".."),
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { ...result, outdir };
}

describe("main.ts", () => {
  test("synthesizes one stack per account role for the example organization", () => {
    const run = runMain({});
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const baselines = ["analytics-prod", "log-archive", "management", "payments-prod", "security"].flatMap((a) =>
      ["eu-west-1", "us-east-1"].map((r) => `baseline-${a}-${r}`),
    );
    expect(readdirSync(path.join(run.outdir, "stacks")).sort()).toEqual(
      [...baselines, "audit", "log-archive", "org-trail", "security-events"].sort(),
    );
  });

  test("an invalid configuration exits non-zero, lists every problem and writes nothing", () => {
    const raw = exampleRaw();
    raw.accounts.members[1].id = "12345";
    raw.trail.cloudWatchLogsRetentionDays = 42;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "baseline-bad-")), "org.yaml");
    writeFileSync(file, stringify(raw));

    const run = runMain({ BASELINE_CONFIG: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}: 2 problems in the configuration:`);
    expect(run.stderr).toContain('accounts.members[1].id: must be 12 digits, got "12345"');
    expect(run.stderr).toContain("trail.cloudWatchLogsRetentionDays: must be one of");
    expect(existsSync(path.join(run.outdir, "stacks"))).toBe(false);
    expect(readdirSync(run.outdir)).toEqual([]);
  });
});
