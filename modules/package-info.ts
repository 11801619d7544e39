import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly repository: { readonly url: string };
}

/**
 * This package's own package.json, found above this module whether it runs from
 * source (modules/) or compiled (dist/modules/), so that the version and the
 * repository have one home.
 */
function packageJson(): PackageJson {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as PackageJson;
      // The CDK Terrain build is published under a name of its own.
      if (pkg.name.startsWith("s3-audit-baseline")) return pkg;
    }
    if (path.dirname(dir) === dir) throw new Error(`s3-audit-baseline: no package.json above ${__dirname}`);
  }
}

const pkg = packageJson();

/** The released version of this package. */
export const PACKAGE_VERSION = pkg.version;

/** The repository's web address, without `git+` or `.git`. */
export const REPOSITORY_URL = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

/**
 * Where the runbooks of this release are published: `docs/runbooks` of the
 * repository at the release's tag (the package ships the same files under
 * `docs/runbooks/`). Alarm descriptions and notifications link `<base>/<id>.md`.
 */
export const DEFAULT_RUNBOOK_BASE_URL = `${REPOSITORY_URL}/blob/v${PACKAGE_VERSION}/docs/runbooks`;
