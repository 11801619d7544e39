import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as api from "../../modules";
import * as stacks from "../../stacks";
import * as config from "../../config";

const ROOT = path.join(__dirname, "..", "..");
const MODULES = path.join(ROOT, "modules");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("the package's public API", () => {
  test("the root exports exactly the deliberate surface: constructs, guardrails, catalog, evaluator", () => {
    // Adding a value here is a decision: it becomes API that releases must keep.
    expect(Object.keys(api).sort()).toEqual(
      [
        ...["AccessLogBucket", "AccessLogProcessor", "AlarmTopic", "BaselineFunction", "BucketBaseline"],
        ...["CloudTrailArchive", "ConfigRecorder", "DetectionAlarms", "HardenedBucket", "LogAnalystRole"],
        ...["LogAnalytics", "OrganizationAccessAnalyzer", "OrganizationConformancePack", "OrganizationTrail"],
        ...["S3Dashboard", "SecurityEventBus", "SecurityEventForwarding", "SecurityRemediationRole"],
        ...["SecurityResponder", "releaseWithoutDestroying", "Key"],
        ...["ACCESS_LOG_BUCKET_DEFAULTS", "CLOUDTRAIL_ARCHIVE_DEFAULTS", "DEFAULT_LOG_RETENTION_DAYS"],
        ...["LOG_ANALYTICS_DEFAULTS", "ORGANIZATION_TRAIL_DEFAULTS", "RESPONDER_DEFAULTS"],
        ...["ResourceNames", "s3BucketNameProblems", "policyDocument", "organizationTrailSelectors"],
        ...["accountOf", "environmentOf", "regionOf", "setEnvironment", "FrameworkMismatchError"],
        ...["namedQueries", "ACCESS_LOG_TABLE", "CLOUDTRAIL_TABLE"],
        ...["BASELINE_RULES", "GuardrailError", "Guardrails", "StackView", "assertGuardrails", "checkStack"],
        ...["compliant", "evaluateGuardrails", "formatViolation", "nonCompliant", "notApplicable"],
        ...["suppressGuardrail"],
        ...["CIS_DETECTIONS", "DATA_DETECTIONS", "DETECTIONS", "IDENTITY_DETECTIONS", "PIPELINE_DETECTIONS"],
        ...["S3_DETECTIONS", "SERVICE_FINDINGS", "enabledFindings"],
        ...["FilterPatternError", "matchesFilterPattern", "parseFilterPattern"],
      ].sort(),
    );
  });

  test("test helpers stay internal", () => {
    for (const helper of ["cloudTrailRecord", "s3Call", "eventBridgeEvent", "principals", "lambdaBundleDir"])
      expect(Object.keys(api)).not.toContain(helper);
  });

  test("the stacks and config subpaths export the organization's building blocks", () => {
    expect(Object.keys(stacks)).toEqual(
      expect.arrayContaining([
        "AccountStack",
        "deploymentRoleArn",
        "lookupArchiveKey",
        "LogArchiveStack",
        "OrgTrailStack",
        "SecurityEventsStack",
        "AccountBaselineStack",
        "AuditStack",
        "organizationPlan",
        "defineOrganization",
        "synthesizeOrganization",
        "synthesizeStacks",
      ]),
    );
    expect(Object.keys(config)).toEqual(
      expect.arrayContaining([
        "loadConfigFile",
        "parseConfig",
        "validateConfig",
        "ConfigError",
        "configSchema",
        "topology",
        "GLOBAL_EVENTS_REGION",
      ]),
    );
  });

  test("modules never read the config or the stacks: consumers use them with typed props alone", () => {
    const offenders = sources(MODULES).filter((f) =>
      /from\s+["'](\.\.\/)+(config|stacks|main)\b/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  test("every construct folder's types are exported by the index", () => {
    const index = readFileSync(path.join(MODULES, "index.ts"), "utf8");
    const folders = readdirSync(MODULES).filter((f) => statSync(path.join(MODULES, f)).isDirectory());
    for (const f of folders) expect(index).toContain(`export type * from "./${f}";`);
  });

  test("package.json maps every subpath to compiled files the build writes", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      exports: Record<string, string | { types: string; default: string }>;
      files: string[];
      private?: boolean;
      scripts: Record<string, string>;
    };
    expect(pkg.private).toBeUndefined();
    expect(pkg.scripts.prepare).toBeUndefined(); // installing must not build
    expect(pkg.scripts.prepack).toBeDefined();
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      const source = target.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts");
      expect({ subpath, exists: statSync(path.join(ROOT, source), { throwIfNoEntry: false }) !== undefined }).toEqual({
        subpath,
        exists: true,
      });
      expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
    }
    expect(pkg.files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
  });
});
