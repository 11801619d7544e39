import type { z } from "zod";
import { configSchema, type OrganizationConfig } from "./schema";
import { AWS_REGIONS } from "./regions";
import { ResourceNames, s3BucketNameProblems } from "../modules/naming";
import { selectorLimitProblems, type DataEventMode } from "../modules/organization-trail/event-selectors";
import { existingBucketProblems } from "../modules/bucket-baseline/defaults";
import { archiveRetentionProblems } from "../modules/cloudtrail-archive/defaults";
import { BASELINE_POLICY_SIDS, HOUSEKEEPING_RULE_IDS } from "../modules/hardened-bucket/defaults";

export type ConfigPath = (string | number)[];

/** One thing wrong with a configuration, located by its path in the document. */
export interface ConfigProblem {
  readonly path: ConfigPath;
  readonly message: string;
}

export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "(root)" : out;
}

export type ValidationResult = { ok: true; config: OrganizationConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates a parsed configuration and fills in defaults. Reports every problem at
 * once: the schema's (types, formats, unknown keys) and the cross-field rules'
 * (duplicates, references between fields, names derived from several fields).
 */
export function validateConfig(raw: unknown): ValidationResult {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  const problems: ConfigProblem[] = parsed.success ? [] : parsed.error.issues.flatMap(describeIssue);
  problems.push(...crossFieldProblems(raw));
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${formatPath(p.path)}\u0000${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length > 0 || !parsed.success) return { ok: false, problems: unique };
  return { ok: true, config: parsed.data };
}

// ---------------------------------------------------------------------------------
// Schema issues in plain words

function shown(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

function describeIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
  const path = issue.path as ConfigPath;
  const input = (issue as { input?: unknown }).input;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const known = knownKeysAt(path);
      const close = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
      const hint = close ? ` (did you mean "${close}"?)` : known.length ? ` (expected one of ${known.join(", ")})` : "";
      return { path: [...path, key], message: `unknown key${hint}` };
    });
  }
  if (
    input === undefined &&
    (issue.code === "invalid_type" || issue.code === "invalid_union" || issue.code === "invalid_value")
  ) {
    return [{ path, message: "is required" }];
  }
  let message = issue.message;
  if (ZOD_DEFAULT.test(message)) {
    switch (issue.code) {
      case "invalid_type":
        message = `must be ${issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping" : `a ${issue.expected}`}`;
        break;
      case "too_small":
        message =
          issue.origin === "array" ? `must list at least ${issue.minimum}` : `must be at least ${issue.minimum}`;
        break;
      case "too_big":
        message = issue.origin === "array" ? `must list at most ${issue.maximum}` : `must be at most ${issue.maximum}`;
        break;
      case "invalid_value":
        message = `must be one of ${issue.values.map(String).join(", ")}`;
        break;
      default:
        break;
    }
  }
  // A discriminated union reports its discriminator's path with the whole mapping as input.
  const last = path[path.length - 1];
  const value = isObj(input) && typeof last === "string" && last in input ? input[last] : input;
  return [{ path, message: `${message}, got ${shown(value)}` }];
}

/** The keys the schema allows at a path, for "did you mean" hints. */
function knownKeysAt(path: ConfigPath): string[] {
  let schema: unknown = configSchema;
  const unwrap = (s: unknown): unknown => {
    let cur = s as { _zod?: { def?: Record<string, unknown> } };
    for (let i = 0; i < 10 && cur?._zod?.def; i++) {
      const def = cur._zod.def;
      if (def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") {
        cur = def.innerType as typeof cur;
      } else break;
    }
    return cur;
  };
  for (const seg of path) {
    const def = (unwrap(schema) as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === "object") schema = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === "array") schema = def.element;
    else return [];
    if (!schema) return [];
  }
  const def = (unwrap(schema) as { _zod: { def: Record<string, unknown> } })._zod.def;
  return def.type === "object" ? Object.keys(def.shape as object) : [];
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

// ---------------------------------------------------------------------------------
// Cross-field rules. They read the raw document defensively: a field of the wrong
// type is the schema's to report, and is skipped here.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

interface DeclaredAccount {
  path: ConfigPath;
  id?: string;
  name?: string;
  buckets: unknown[];
  raw: unknown;
}

function declaredAccounts(accounts: Obj): DeclaredAccount[] {
  const out: DeclaredAccount[] = [];
  const add = (path: ConfigPath, a: unknown) => {
    if (!isObj(a)) return;
    out.push({ path, id: str(a.id), name: str(a.name), buckets: list(a.buckets), raw: a });
  };
  add(["accounts", "management"], accounts.management);
  add(["accounts", "logArchive"], accounts.logArchive);
  add(["accounts", "security"], accounts.security);
  list(accounts.members).forEach((m, i) => add(["accounts", "members", i], m));
  return out;
}

function crossFieldProblems(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: ConfigPath, message: string) => problems.push({ path, message });
  const root = obj(raw);
  const org = obj(root.organization);
  const accounts = obj(root.accounts);
  const trail = obj(root.trail);
  const archive = obj(root.archive);

  // Regions
  const regions = list(org.regions).map(str);
  const homeRegion = str(org.homeRegion);
  const knownRegion = (r: string | undefined) => (AWS_REGIONS as readonly (string | undefined)[]).includes(r);
  if (knownRegion(homeRegion) && regions.length > 0 && !regions.includes(homeRegion)) {
    add(
      ["organization", "homeRegion"],
      `must be one of organization.regions (${regions.filter(Boolean).join(", ")}), got "${homeRegion!}"`,
    );
  }
  regions.forEach((r, i) => {
    if (r && regions.indexOf(r) !== i) add(["organization", "regions", i], `duplicate region "${r}"`);
  });

  // Accounts
  const all = declaredAccounts(accounts);
  const mgmt = all.find((a) => formatPath(a.path) === "accounts.management");
  const logArchive = all.find((a) => formatPath(a.path) === "accounts.logArchive");
  const reported = new Set<string>();
  if (mgmt?.id && logArchive?.id === mgmt.id) {
    add(
      ["accounts", "logArchive", "id"],
      `must not be the management account (${mgmt.id}): the archive is kept apart from the account whose trail writes to it`,
    );
    reported.add(formatPath(logArchive.path));
  }
  for (const field of ["id", "name"] as const) {
    const first = new Map<string, DeclaredAccount>();
    for (const a of all) {
      const v = a[field];
      if (!v) continue;
      const prev = first.get(v);
      if (!prev) {
        first.set(v, a);
      } else if (!(field === "id" && reported.has(formatPath(a.path)))) {
        add([...a.path, field], `duplicate account ${field} "${v}" (also at ${formatPath([...prev.path, field])})`);
      }
    }
  }

  // Buckets
  const prefix = str(org.name);
  const names = prefix ? new ResourceNames({ prefix }) : undefined;
  const bucketSeen = new Map<string, ConfigPath>();
  const overrides: { bucketName: string; mode: DataEventMode }[] = [];
  const dataModes = ["none", "write", "readWrite"];
  for (const a of all) {
    a.buckets.forEach((b, j) => {
      const name = str(obj(b).name);
      if (!name) return;
      const path: ConfigPath = [...a.path, "buckets", j, "name"];
      for (const p of s3BucketNameProblems(name)) add(path, `${p}, got "${name}"`);
      const reserved = names?.logBucketPrefixes().find((p) => name.startsWith(p));
      if (reserved) add(path, `must not start with "${reserved}", which is reserved for log buckets, got "${name}"`);
      const prev = bucketSeen.get(name);
      if (prev) add(path, `bucket "${name}" is declared twice (also at ${formatPath(prev)})`);
      else bucketSeen.set(name, path);
      const bucketRegion = str(obj(b).region);
      if (bucketRegion && knownRegion(bucketRegion) && regions.length > 0 && !regions.includes(bucketRegion)) {
        add(
          [...a.path, "buckets", j, "region"],
          `must be one of organization.regions (${regions.filter(Boolean).join(", ")}), got "${bucketRegion}"`,
        );
      }
      const keyArn = str(obj(b).kmsKeyArn);
      if (keyArn && str(obj(b).encryption) !== "SSE-KMS") {
        add(
          [...a.path, "buckets", j, "kmsKeyArn"],
          "is only used with encryption: SSE-KMS; set encryption or remove the key",
        );
      }
      const keyRegion = keyArn?.split(":")[3];
      const effectiveRegion = bucketRegion ?? homeRegion;
      if (keyArn && keyRegion && effectiveRegion && keyRegion !== effectiveRegion) {
        add(
          [...a.path, "buckets", j, "kmsKeyArn"],
          `must be a key in the bucket's region (${effectiveRegion}), got one in ${keyRegion}`,
        );
      }
      const mode = str(obj(b).dataEvents);
      if (mode && dataModes.includes(mode)) overrides.push({ bucketName: name, mode: mode as DataEventMode });
      const bucketPath: ConfigPath = [...a.path, "buckets", j];
      for (const p of existingBucketProblems({
        existing: obj(b).existing === true,
        encryption: str(obj(b).encryption),
        hasKey: keyArn !== undefined,
        keyField: "kmsKeyArn",
      })) {
        add([...bucketPath, p.field], p.message);
      }
      problems.push(...ownPolicyProblems(bucketPath, name, list(obj(b).policyStatements)));
      problems.push(...ownLifecycleProblems(bucketPath, list(obj(b).lifecycleRules)));
    });
  }

  // Released buckets: a bucket is either governed or released, never both.
  for (const a of all) {
    list(obj(a.raw).releasedBuckets).forEach((r, j) => {
      const name = str(obj(r).name);
      const path: ConfigPath = [...a.path, "releasedBuckets", j];
      if (name) {
        for (const p of s3BucketNameProblems(name)) add([...path, "name"], `${p}, got "${name}"`);
        const governed = bucketSeen.get(name);
        if (governed) {
          add(
            [...path, "name"],
            `bucket "${name}" is also declared at ${formatPath(governed)}: remove it from buckets to release it`,
          );
        }
      }
      const r2 = str(obj(r).region);
      if (r2 && knownRegion(r2) && regions.length > 0 && !regions.includes(r2)) {
        add(
          [...path, "region"],
          `must be one of organization.regions (${regions.filter(Boolean).join(", ")}), got "${r2}"`,
        );
      }
    });
  }

  // Every bucket name derived from organization.name must itself be valid (the name
  // pattern bounds the length; this catches reserved prefixes such as "xn--").
  if (names && /^[a-z0-9-]+$/.test(prefix!)) {
    const sample = names.cloudTrailArchiveBucket("123456789012");
    for (const p of s3BucketNameProblems(sample)) {
      add(["organization", "name"], `cannot prefix bucket names: "${sample}" ${p}, got "${prefix!}"`);
    }
  }

  // Trail
  const delegated = str(trail.delegatedAdministrator);
  if (delegated) {
    if (mgmt?.id === delegated) {
      add(
        ["trail", "delegatedAdministrator"],
        `must be a member account, not the management account, got "${delegated}"`,
      );
    } else if (logArchive?.id === delegated) {
      add(
        ["trail", "delegatedAdministrator"],
        `must not be the log-archive account: the archive is kept apart from the account whose trail writes to it, got "${delegated}"`,
      );
    } else if (!all.some((a) => a.id === delegated)) {
      add(
        ["trail", "delegatedAdministrator"],
        `must be the id of an account declared under accounts, got "${delegated}"`,
      );
    }
  }
  if (names) {
    const defaultMode = str(trail.dataEvents) ?? "write";
    if (dataModes.includes(defaultMode)) {
      // A bucket named like a log bucket is reported at its name above.
      const limit = selectorLimitProblems({
        defaultMode: defaultMode as DataEventMode,
        buckets: overrides,
        excludedArnPrefixes: names.logBucketPrefixes().map((p) => names.s3ObjectArnPrefix(p, true)),
      });
      for (const message of limit) add(["accounts"], message);
    }
  }

  // Archive retention: the construct's own rules, once every field given is a number
  // (a field of the wrong type is the schema's to report).
  const lockDays = obj(archive.objectLock).days;
  const given = [lockDays, archive.transitionToGlacierDays, archive.expirationDays];
  if (given.every((v) => v === undefined || num(v) !== undefined)) {
    const retention = {
      objectLock: { days: num(lockDays) },
      transitionToGlacierDays: num(archive.transitionToGlacierDays),
      expirationDays: num(archive.expirationDays),
    };
    for (const p of archiveRetentionProblems(retention)) add(["archive", p.field], p.message);
  }

  // Audit toolkit
  const audit = obj(root.audit);
  if (obj(audit.athena).enabled !== false && list(archive.readers).length === 0) {
    add(
      ["archive", "readers"],
      "must name at least one principal while audit.athena is enabled: only the readers may assume the log analyst role that queries the logs (or set audit.athena.enabled: false)",
    );
  }
  const accessAnalyzer = obj(audit.accessAnalyzer);
  list(accessAnalyzer.trustedPrincipals).forEach((p, i) => {
    const account = str(p)?.match(/^(?:arn:aws:iam::)?(\d{12})/)?.[1];
    const own = account && all.find((a) => a.id === account);
    if (own) {
      add(
        ["audit", "accessAnalyzer", "trustedPrincipals", i],
        `is in the organization (${formatPath(own.path)}): an organization analyzer never reports access from the organization, so only outside principals need trusting`,
      );
    }
  });
  return problems;
}

/** A bucket's own policy statements: their Sids are their own, and they speak of this bucket only. */
function ownPolicyProblems(bucketPath: ConfigPath, bucketName: string, statements: unknown[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const arn = `arn:aws:s3:::${bucketName}`;
  const sids = new Map<string, number>();
  statements.forEach((st, k) => {
    const path: ConfigPath = [...bucketPath, "policyStatements", k];
    const sid = str(obj(st).Sid);
    if (sid && BASELINE_POLICY_SIDS.includes(sid)) {
      problems.push({
        path: [...path, "Sid"],
        message: `"${sid}" is the baseline's own statement; choose another Sid`,
      });
    } else if (sid && sids.has(sid)) {
      problems.push({
        path: [...path, "Sid"],
        message: `duplicate Sid "${sid}" (also at policyStatements[${sids.get(sid)!}])`,
      });
    } else if (sid) sids.set(sid, k);
    const resources = obj(st).Resource;
    const listed = typeof resources === "string" ? [resources] : list(resources).map(str);
    listed.forEach((r, m) => {
      if (r !== undefined && r !== arn && !r.startsWith(`${arn}/`)) {
        problems.push({
          path: [...path, "Resource", ...(typeof resources === "string" ? [] : [m])],
          message: `must be this bucket (${arn}) or its objects (${arn}/...), got "${r}"`,
        });
      }
    });
  });
  return problems;
}

/** A bucket's own lifecycle rules: unique ids, not the baseline's, each doing something. */
function ownLifecycleProblems(bucketPath: ConfigPath, rules: unknown[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const ids = new Map<string, number>();
  rules.forEach((rule, k) => {
    const path: ConfigPath = [...bucketPath, "lifecycleRules", k];
    const id = str(obj(rule).id);
    if (id && HOUSEKEEPING_RULE_IDS.includes(id)) {
      problems.push({ path: [...path, "id"], message: `"${id}" is the baseline's own rule; choose another id` });
    } else if (id && ids.has(id)) {
      problems.push({
        path: [...path, "id"],
        message: `duplicate rule id "${id}" (also at lifecycleRules[${ids.get(id)!}])`,
      });
    } else if (id) ids.set(id, k);
    if (isObj(rule) && rule.expirationDays === undefined && list(rule.transitions).length === 0) {
      problems.push({ path, message: "does nothing: give expirationDays or transitions" });
    }
  });
  return problems;
}
