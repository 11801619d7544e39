/**
 * checkov over synthesized stacks: runs `checkov --framework terraform_json` on a
 * folder, returns its findings, and reads the accepted failures from `.checkov.yaml`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
export const CHECKOV_PYTHON = path.join(ROOT, ".venv", "checkov", "bin", "python");
export const CHECKOV_CONFIG = path.join(ROOT, ".checkov.yaml");

export interface CheckovFinding {
  readonly checkId: string;
  readonly checkName: string;
  /** Terraform address, e.g. aws_s3_bucket.access-logs_bucket_1581D030 */
  readonly resource: string;
  /** Path of the cdk.tf.json, relative to the scanned folder. */
  readonly file: string;
}

export interface CheckovReport {
  readonly passed: CheckovFinding[];
  readonly failed: CheckovFinding[];
  readonly parsingErrors: string[];
}

interface RawCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
}
interface RawReport {
  check_type: string;
  results: { passed_checks: RawCheck[]; failed_checks: RawCheck[]; parsing_errors: string[] };
}

const finding = (c: RawCheck): CheckovFinding => ({
  checkId: c.check_id,
  checkName: c.check_name,
  // checkov prefixes terraform_json resources with "resource."
  resource: c.resource.replace(/^resource\./, ""),
  file: c.file_path.replace(/^\//, ""),
});

/**
 * Top-level blocks checkov's terraform_json parser cannot read (it fails the whole
 * file on a list of `import` or `removed` blocks). They declare no resource, so
 * dropping them from the scanned copy hides no check.
 */
export const BLOCKS_CHECKOV_CANNOT_PARSE = ["import", "removed"];

/** Removes those blocks from every cdk.tf.json below `dir` (a synthesized copy, rewritten in place). */
export function stripUnparsableBlocks(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      stripUnparsableBlocks(file);
    } else if (entry === "cdk.tf.json") {
      const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & {
        terraform?: Record<string, unknown>;
      };
      for (const b of BLOCKS_CHECKOV_CANNOT_PARSE) delete json[b];
      // checkov 3.3 finds no resource at all in a file whose terraform block has
      // required_version (with no parsing error): drop it from the scanned copy too.
      delete json.terraform?.required_version;
      writeFileSync(file, JSON.stringify(json, null, 2));
    }
  }
}

/**
 * Runs checkov over every cdk.tf.json below `dir` (a synthesized copy: blocks checkov
 * cannot parse are stripped from it first), with no skips: the caller judges.
 */
export function runCheckov(dir: string): CheckovReport {
  if (!existsSync(CHECKOV_PYTHON)) {
    throw new Error(
      `checkov is not installed (${CHECKOV_PYTHON} is missing). Run the tests with "npm test", or install the Python tools with "bash scripts/python-tools.sh".`,
    );
  }
  stripUnparsableBlocks(dir);
  const run = spawnSync(
    CHECKOV_PYTHON,
    ["-m", "checkov.main", "--directory", ".", "--framework", "terraform_json", "--skip-download", "--output", "json"],
    // cwd is the scanned folder so that checkov does not load the project's
    // .checkov.yaml: the skips are applied by the test, which also counts them.
    { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: "ERROR" } },
  );
  let parsed: RawReport | RawReport[];
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    throw new Error(`checkov did not produce a JSON report (exit ${run.status}):\n${run.stderr.slice(-3000)}`);
  }
  const reports = (Array.isArray(parsed) ? parsed : [parsed]).filter((r) => r.check_type === "terraform_json");
  if (reports.length === 0) throw new Error(`checkov found no terraform_json files below ${dir}`);
  return {
    passed: reports.flatMap((r) => r.results.passed_checks.map(finding)),
    failed: reports.flatMap((r) => r.results.failed_checks.map(finding)),
    parsingErrors: reports.flatMap((r) => r.results.parsing_errors),
  };
}

export interface CheckovSkip {
  readonly checkId: string;
  /** The comment after the entry; empty when there is none. */
  readonly reason: string;
}

/** The `skip-check` entries of .checkov.yaml, each with the reason written beside it. */
export function readCheckovSkips(file = CHECKOV_CONFIG): CheckovSkip[] {
  const text = readFileSync(file, "utf8");
  const config = parse(text) as { "skip-check"?: string[] };
  return (config["skip-check"] ?? []).map((checkId) => {
    const line = text.split("\n").find((l) => new RegExp(`^\\s*-\\s*${checkId}\\b`).test(l)) ?? "";
    const reason = line.includes("#") ? line.slice(line.indexOf("#") + 1).trim() : "";
    return { checkId, reason };
  });
}

/** A finding as a person reads it: check, resource, file. */
export function describeFinding(f: CheckovFinding): string {
  return `${f.checkId} (${f.checkName}) on ${f.resource} in ${f.file}`;
}
