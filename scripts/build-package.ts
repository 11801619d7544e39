/**
 * Builds what the npm package ships (`npm pack` and `npm publish` run it as
 * `prepack`): the compiled JavaScript and declarations of modules/, stacks/ and
 * config/ in dist/, the example configuration and its JSON Schema beside the compiled
 * config loader, and the Lambda bundles in dist/lambda/. Consumers need no TypeScript
 * sources and no build step of their own.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");

for (const dir of ["modules", "stacks", "config"]) rmSync(path.join(DIST, dir), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: ROOT,
  stdio: "inherit",
});
for (const file of ["organization.yaml", "organization.schema.json"])
  copyFileSync(path.join(ROOT, "config", file), path.join(DIST, "config", file));
execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "bundle-lambdas.ts")], {
  cwd: ROOT,
  stdio: "inherit",
});
