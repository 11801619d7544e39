import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as api from "../../modules";

const MODULES = path.join(__dirname, "..", "..", "modules");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("modules/ as a public API", () => {
  test("exports every construct and helper from one index", () => {
    expect(Object.keys(api)).toEqual(
      expect.arrayContaining([
        "ResourceNames",
        "s3BucketNameProblems",
        "HardenedBucket",
        "AccessLogBucket",
        "CloudTrailArchive",
        "OrganizationTrail",
        "organizationTrailSelectors",
        "policyDocument",
      ]),
    );
  });

  test("never reads the config or the stacks: consumers use it with typed props alone", () => {
    const offenders = sources(MODULES).filter((f) =>
      /from\s+["'](\.\.\/)+(config|stacks|main)\b/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  test("every construct folder is re-exported by the index", () => {
    const index = readFileSync(path.join(MODULES, "index.ts"), "utf8");
    const folders = readdirSync(MODULES).filter((f) => statSync(path.join(MODULES, f)).isDirectory());
    for (const f of folders) expect(index).toContain(`export * from "./${f}";`);
  });
});
