/**
 * The CDK Terrain build. HashiCorp archived CDKTF on 2025-12-10; CDK Terrain (cdktn)
 * continues it. This writes a copy of the repository that runs on CDK Terrain (three
 * dependency swaps, two import roots renamed, nothing else), installs it, and runs its
 * type check, its tests and `cdktn synth` of the example organization there. CI runs
 * it; the default build stays on cdktf, which the product is specified on.
 *
 *   npm run cdk-terrain                    # into a scratch folder, removed afterwards
 *   npm run cdk-terrain -- --out ../cdktn  # keep it (then `npm pack` there publishes
 *                                          # s3-audit-baseline-cdktn)
 *
 * CDK Terrain publishes no Terraform Cloud provider yet, so the terraform-cloud stack
 * (an optional peer, @cdktf/provider-tfe) is left out of this build, and its tests
 * with it. Its CLI needs Node.js 22: when the running Node.js is older, Node.js 22 is
 * installed from the npm registry once, under ~/.cache/s3-audit-baseline/node22.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

/** The swaps: each cdktf package and the CDK Terrain package (and version) that replaces it. */
export const CDK_TERRAIN_PACKAGES: Readonly<Record<string, { readonly name: string; readonly version: string }>> = {
  cdktf: { name: "cdktn", version: "0.24.0" },
  "cdktf-cli": { name: "cdktn-cli", version: "0.24.0" },
  "@cdktf/provider-aws": { name: "@cdktn/provider-aws", version: "25.7.0" },
};
/** CDK Terrain 0.24 needs constructs 10.6 or 10.7. */
const CONSTRUCTS_VERSION = "10.6.0";
/** The CDK Terrain CLI's minimum Node.js. */
const NODE_MAJOR = 22;

/** A TypeScript source with its framework imports pointed at CDK Terrain. */
export function toCdkTerrain(source: string): string {
  return source
    .replace(/(["'])@cdktf\/provider-aws(["'/])/g, "$1@cdktn/provider-aws$2")
    .replace(/(["'])cdktf(["'/])/g, "$1cdktn$2");
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  console.log(`cdk-terrain: ${path.basename(cmd)} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
}

/** A directory holding a Node.js 22+ `node` binary. */
function node22(): string {
  if (Number(process.versions.node.split(".")[0]) >= NODE_MAJOR) return path.dirname(process.execPath);
  const prefix = path.join(homedir(), ".cache", "s3-audit-baseline", `node${NODE_MAJOR}`);
  const bin = path.join(prefix, "node_modules", ".bin");
  if (!existsSync(path.join(bin, "node"))) {
    mkdirSync(prefix, { recursive: true });
    run("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", `node@${NODE_MAJOR}`], prefix);
  }
  return bin;
}

function writeVariant(out: string): void {
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of tracked) {
    if (/terraform-cloud/.test(file) && !file.endsWith(".md")) continue; // no tfe provider for cdktn
    if (!existsSync(path.join(ROOT, file))) continue; // deleted, not yet committed
    const target = path.join(out, file);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(ROOT, file), target);
    if (file.endsWith(".ts")) writeFileSync(target, toCdkTerrain(readFileSync(target, "utf8")));
  }
  const pkgFile = path.join(out, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  pkg.name = "s3-audit-baseline-cdktn";
  pkg.description = `${pkg.description} Built for CDK Terrain (cdktn).`;
  for (const section of ["dependencies", "devDependencies", "peerDependencies"]) {
    const deps = pkg[section] as Record<string, string> | undefined;
    if (!deps) continue;
    for (const [from, to] of Object.entries(CDK_TERRAIN_PACKAGES)) {
      if (!(from in deps)) continue;
      delete deps[from];
      deps[to.name] = section === "peerDependencies" ? `^${to.version}` : to.version;
    }
    if ("constructs" in deps)
      deps.constructs = section === "peerDependencies" ? `^${CONSTRUCTS_VERSION}` : CONSTRUCTS_VERSION;
    delete deps["@cdktf/provider-tfe"];
  }
  delete pkg.peerDependenciesMeta;
  delete pkg.exports["./stacks/terraform-cloud"];
  delete pkg.typesVersions["*"]["stacks/terraform-cloud"];
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  rmSync(path.join(out, "package-lock.json"), { force: true });
}

function main(): void {
  const outArg = process.argv.indexOf("--out");
  const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]!) : mkdtempSync(path.join(tmpdir(), "cdktn-"));
  try {
    rmSync(out, { recursive: true, force: true });
    writeVariant(out);
    // The Python tools (checkov, moto, DuckDB) are the same: shared, not installed twice.
    if (existsSync(path.join(ROOT, ".venv"))) symlinkSync(path.join(ROOT, ".venv"), path.join(out, ".venv"));
    run("npm", ["install", "--no-audit", "--no-fund"], out);
    run("npx", ["tsc", "--noEmit"], out);
    run("npm", ["test"], out);
    const bin = node22();
    run(path.join(bin, "node"), [path.join(out, "node_modules", "cdktn-cli", "bin", "cdktn"), "synth"], out, {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      CHECKPOINT_DISABLE: "1",
    });
    for (const stack of ["log-archive", "org-trail"]) {
      if (!existsSync(path.join(out, "cdktf.out", "stacks", stack, "cdk.tf.json")))
        throw new Error(`cdktn synth wrote no ${stack} stack`);
    }
    console.log("cdk-terrain: passed");
  } finally {
    if (outArg < 0) rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) main();
