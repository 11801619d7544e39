/**
 * The package as another repository gets it. Packs it (`npm pack`, which builds it
 * through `prepack`), checks that the tarball holds only what a consumer needs, then
 * installs examples/consumer from that tarball alone in a scratch folder, type-checks
 * it with strict compiler settings, resolves every subpath the package exports at run
 * time, and synthesizes it. Needs the npm registry for the consumer's other packages.
 *
 *   npm run check:consumer             # CI runs this
 *   npm run check:consumer -- --keep   # keep the scratch folder
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const EXAMPLE = path.join(ROOT, "examples", "consumer");

/** What the tarball may hold: compiled code and declarations, Lambda bundles, runbooks, the example config. */
export const PACKAGE_FILES: readonly RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^dist\/(modules|stacks|config)\/.+\.(js|d\.ts)$/,
  /^dist\/config\/organization\.(yaml|schema\.json)$/,
  /^dist\/lambda\/[\w-]+\/index\.js$/,
  /^docs\/runbooks\/[\w.-]+\.md$/,
];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: "pipe" });
}

function step(what: string): void {
  console.log(`check-consumer: ${what}`);
}

function main(): void {
  const scratch = mkdtempSync(path.join(tmpdir(), "consumer-"));
  try {
    step("npm pack (builds the package)");
    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", scratch], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed!.files.map((f) => f.path);
    const unexpected = files.filter((f) => !PACKAGE_FILES.some((p) => p.test(f)));
    if (unexpected.length > 0) throw new Error(`the tarball holds files it should not:\n  ${unexpected.join("\n  ")}`);
    for (const needed of ["dist/modules/index.js", "dist/modules/index.d.ts", "dist/stacks/index.js", "LICENSE"]) {
      if (!files.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
    }
    if (!files.some((f) => f.startsWith("dist/lambda/"))) throw new Error("the tarball lacks the Lambda bundles");
    console.log(`  ${files.length} files, all expected`);

    step("install examples/consumer from the tarball");
    const app = path.join(scratch, "consumer");
    cpSync(EXAMPLE, app, {
      recursive: true,
      filter: (f) => !/node_modules|dist|cdktf\.out/.test(path.relative(EXAMPLE, f)),
    });
    const pkgFile = path.join(app, "package.json");
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    pkg.dependencies["s3-audit-baseline"] = `file:${path.join(scratch, packed!.filename)}`;
    writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
    run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], app);
    const installed = path.join(app, "node_modules", "s3-audit-baseline");
    if (readdirSync(installed).some((f) => f === "modules" || f === "stacks" || f === "test"))
      throw new Error("the installed package holds TypeScript sources");

    step("type-check with strict settings (noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck off)");
    run(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [app] }), "-p", "."], app);

    step("every exported subpath resolves at run time");
    const exported = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")).exports as Record<
      string,
      unknown
    >;
    for (const subpath of Object.keys(exported)) {
      const id = `s3-audit-baseline${subpath.slice(1)}`;
      run(process.execPath, ["-e", `require(${JSON.stringify(id)})`], app);
      console.log(`  ${id}`);
    }

    step("synthesize");
    const outdir = path.join(app, "cdktf.out");
    run(process.execPath, ["dist/main.js"], app, { CDKTF_OUTDIR: outdir });
    const stacks = readdirSync(path.join(outdir, "stacks"));
    for (const expected of ["data-platform", "log-archive", "org-trail"]) {
      if (!stacks.includes(expected))
        throw new Error(`synthesis wrote no ${expected} stack (wrote ${stacks.join(", ")})`);
    }
    const own = JSON.parse(readFileSync(path.join(outdir, "stacks", "data-platform", "cdk.tf.json"), "utf8"));
    if (!own.resource?.aws_s3_bucket_logging) throw new Error("data-platform: the bucket has no access logging");
    const assets = path.join(outdir, "stacks", "log-archive", "assets");
    if (!existsSync(assets)) throw new Error("log-archive: the Lambda bundles were not found from the package");
    console.log(`  ${stacks.length} stacks, data-platform with ${Object.keys(own.resource).length} resource types`);
    console.log("check-consumer: passed");
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    console.error(`check-consumer: ${err.message}\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    process.exitCode = 1;
  } finally {
    if (process.argv.includes("--keep")) console.log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

main();
