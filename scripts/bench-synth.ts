/**
 * Measures synthesizing the example organization (or BASELINE_CONFIG): wall time and
 * peak memory of the app process that `cdktf synth` runs, over several runs, and the
 * wall time of the whole `cdktf synth` command. Prints figures; asserts nothing.
 *
 *   npm run bench:synth            # 5 app runs, 3 CLI runs
 *   npm run bench:synth -- 10 3
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const root = path.join(__dirname, "..");
const appRuns = Number(process.argv[2] ?? 5);
const cliRuns = Number(process.argv[3] ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const outdir = mkdtempSync(path.join(tmpdir(), "bench-synth-"));
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return { ms, stderr: r.stderr };
}

const app: { ms: number; rssMiB: number }[] = [];
for (let i = 0; i < appRuns; i++) {
  const { ms, stderr } = timed(
    process.execPath,
    ["--require", "./scripts/report-usage.cjs", "--import", "tsx", "main.ts"],
    {},
  );
  const usage = JSON.parse(/@@usage (.*)/.exec(stderr)![1]) as { maxRSSKiB: number };
  app.push({ ms, rssMiB: usage.maxRSSKiB / 1024 });
}

const cli: number[] = [];
for (let i = 0; i < cliRuns; i++) {
  cli.push(
    timed("npx", ["cdktf", "synth", "--output", path.join(tmpdir(), `bench-cli-${i}`)], { CHECKPOINT_DISABLE: "1" }).ms,
  );
  rmSync(path.join(tmpdir(), `bench-cli-${i}`), { recursive: true, force: true });
}

const fmt = (n: number) => n.toFixed(0);
console.log(`config: ${process.env.BASELINE_CONFIG ?? "config/organization.yaml (example)"}`);
console.log(`app process (node main.ts), ${appRuns} runs:`);
console.log(
  `  wall time  median ${fmt(median(app.map((a) => a.ms)))} ms  (min ${fmt(Math.min(...app.map((a) => a.ms)))}, max ${fmt(Math.max(...app.map((a) => a.ms)))})`,
);
console.log(
  `  peak RSS   median ${fmt(median(app.map((a) => a.rssMiB)))} MiB (max ${fmt(Math.max(...app.map((a) => a.rssMiB)))})`,
);
if (cliRuns > 0) {
  console.log(`npx cdktf synth, ${cliRuns} runs:`);
  console.log(
    `  wall time  median ${fmt(median(cli))} ms  (min ${fmt(Math.min(...cli))}, max ${fmt(Math.max(...cli))})`,
  );
}
