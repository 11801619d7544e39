/**
 * Measures synthesis through the app that `cdktf synth` runs (`node main.ts`), for
 * the example organization and for generated organizations of 10, 100 and 1,000
 * member accounts (4 regions, 3 buckets each; scripts/synthetic-organization.ts),
 * then the whole `npx cdktf synth` command on the example. Prints a table; asserts
 * nothing.
 *
 *   npm run bench:synth                    # example, 10, 100, 1000 accounts; 3 runs each
 *   npm run bench:synth -- --accounts 10,100 --runs 1 --cli-runs 0
 *   npm run bench:synth -- --layout account
 *
 * Peak memory: the app process's peak resident set, and the largest worker
 * process's; "total" is the app's plus that of as many workers as ran at once (an
 * upper bound of what the machine held).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import * as path from "node:path";
import { syntheticOrganizationYaml } from "./synthetic-organization";

const root = path.join(__dirname, "..");

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const accounts = arg("accounts", "10,100,1000")
  .split(",")
  .filter((a) => a !== "")
  .map(Number);
const runs = Number(arg("runs", "3"));
const cliRuns = Number(arg("cli-runs", "3"));
const layout = arg("layout", "account-region") as "account-region" | "account";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run {
  ms: number;
  appRssMiB: number;
  workerRssMiB: number;
  workers: number;
  stacks: number;
  resources: number;
}

function synthOnce(configFile: string | undefined, count: boolean): Run {
  const outdir = mkdtempSync(path.join(tmpdir(), "bench-synth-"));
  const reportFile = path.join(outdir, "..", `${path.basename(outdir)}.report.json`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", "./scripts/report-usage.cjs", "--import", "tsx", "main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      BASELINE_SYNTH_REPORT: reportFile,
      ...(configFile ? { BASELINE_CONFIG: configFile } : {}),
    },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`synthesis failed:\n${r.stderr}`);
  const usage = JSON.parse(/@@usage (.*)/.exec(r.stderr)![1]) as { maxRSSKiB: number };
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
    stacks: string[];
    concurrentWorkers: number;
    workerMaxRssKiB: number;
  };
  let resources = 0;
  if (count) {
    for (const stack of readdirSync(path.join(outdir, "stacks"))) {
      const json = JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName as object).length;
    }
  }
  rmSync(outdir, { recursive: true, force: true });
  rmSync(reportFile, { force: true });
  return {
    ms,
    appRssMiB: usage.maxRSSKiB / 1024,
    workerRssMiB: report.workerMaxRssKiB / 1024,
    workers: report.concurrentWorkers,
    stacks: report.stacks.length,
    resources,
  };
}

const rows: string[][] = [];
const cases: { label: string; file?: string }[] = [{ label: "example" }];
const configs = mkdtempSync(path.join(tmpdir(), "bench-configs-"));
for (const n of accounts) {
  const file = path.join(configs, `org-${n}.yaml`);
  writeFileSync(file, syntheticOrganizationYaml({ members: n, stackLayout: layout }));
  cases.push({ label: `${n} x 4`, file });
}
for (const c of cases) {
  const measured: Run[] = [];
  for (let i = 0; i < runs; i++) measured.push(synthOnce(c.file, i === 0));
  const ms = median(measured.map((m) => m.ms));
  const app = Math.max(...measured.map((m) => m.appRssMiB));
  const worker = Math.max(...measured.map((m) => m.workerRssMiB));
  const total = app + worker * measured[0].workers;
  rows.push([
    c.label,
    String(measured[0].stacks),
    measured[0].resources.toLocaleString("en-US"),
    `${(ms / 1000).toFixed(1)} s`,
    `${(ms / measured[0].stacks).toFixed(1)} ms`,
    `${app.toFixed(0)} MiB`,
    worker > 0 ? `${worker.toFixed(0)} MiB x ${measured[0].workers}` : "-",
    `${total.toFixed(0)} MiB`,
  ]);
  process.stderr.write(`measured ${c.label}\n`);
}
rmSync(configs, { recursive: true, force: true });

const header = [
  "accounts x regions",
  "stacks",
  "resources",
  "wall (median)",
  "per stack",
  "app peak",
  "worker peak",
  "total peak",
];
console.log(
  `Synthesis through node main.ts, stack layout "${layout}", ${runs} run(s) each, ${availableParallelism()} cores:\n`,
);
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);

if (cliRuns > 0) {
  const cli: number[] = [];
  for (let i = 0; i < cliRuns; i++) {
    const out = path.join(tmpdir(), `bench-cli-${i}`);
    const start = process.hrtime.bigint();
    const r = spawnSync("npx", ["cdktf", "synth", "--output", out], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    cli.push(Number(process.hrtime.bigint() - start) / 1e6);
    rmSync(out, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`cdktf synth failed:\n${r.stderr}`);
  }
  console.log(`\nnpx cdktf synth (example), ${cliRuns} runs: median ${(median(cli) / 1000).toFixed(1)} s`);
}
