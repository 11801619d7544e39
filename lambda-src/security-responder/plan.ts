/**
 * What the responder does about one CloudTrail event: pure functions, no AWS calls.
 * Which events, remediations and words: modules/security-responder/events.ts.
 */
import {
  PUBLIC_CANNED_ACLS,
  PUBLIC_GRANTEE_URIS,
  isPublicStatement,
  type PolicyStatementLike,
} from "../../modules/public-policy";
import {
  RESPONDER_EVENTS,
  RESPONDER_FINDING,
  type RemediationKind,
  type ResponderEventName,
} from "../../modules/security-responder/events";

/** The detail of an "AWS API Call via CloudTrail" event. */
export interface CloudTrailDetail {
  eventName: string;
  eventTime?: string;
  eventSource?: string;
  awsRegion: string;
  recipientAccountId: string;
  sourceIPAddress?: string;
  userAgent?: string;
  userIdentity?: { arn?: string; type?: string };
  requestParameters?: Record<string, unknown> | null;
  errorCode?: string;
}

export interface Remediation {
  readonly kind: RemediationKind;
  /** The bucket, for every kind but account-public-access. */
  readonly bucket: string;
  readonly reason: string;
  /**
   * For PutBucketEncryption: the configuration written, which the handler compares
   * with the declared one before acting (a compliant write calls for nothing).
   */
  readonly written?: unknown;
}

/** What planning concluded: act, nothing to do, or an event it cannot use. */
export type Plan =
  | { readonly outcome: "act"; readonly remediation: Remediation }
  | { readonly outcome: "none" }
  | { readonly outcome: "unusable"; readonly problem: string };

/** What the planner knows of the deployment. */
export interface PlanContext {
  /** `<prefix><account>-<region>` is the access-log bucket logging must go to. */
  readonly accessLogBucketPrefix: string;
}

const FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];

const record = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function weakened(config: unknown): boolean {
  const c = record(config);
  return FLAGS.some((f) => c[f] !== true && c[f] !== "true");
}

/** A canned ACL, a grant header or an AccessControlPolicy that names everyone. */
function grantsPublic(params: Record<string, unknown>): boolean {
  // CloudTrail writes the canned ACL as a string, or (older records) an array of one.
  const canned = [params["x-amz-acl"]].flat().map(String);
  if (canned.some((c) => PUBLIC_CANNED_ACLS.includes(c))) return true;
  const text = JSON.stringify(params);
  return PUBLIC_GRANTEE_URIS.some((g) => text.includes(g));
}

/** A bucket policy (an object, or a JSON string) with a statement public as AWS defines it. */
export function policyIsPublic(raw: unknown): boolean {
  let doc: unknown = raw;
  if (typeof raw === "string") {
    try {
      doc = JSON.parse(raw);
    } catch {
      return false;
    }
  }
  const statement = record(doc).Statement;
  const statements = (Array.isArray(statement) ? statement : [statement]).map(record);
  return statements.some((s) => isPublicStatement(s as PolicyStatementLike));
}

/** Logging is off, or goes somewhere other than the account's access-log bucket for the region. */
function loggingWeakened(p: Record<string, unknown>, d: CloudTrailDetail, ctx: PlanContext): boolean {
  // A log bucket never logs: turning its logging "back on" would make it log into itself.
  if (typeof p.bucketName === "string" && p.bucketName.startsWith(ctx.accessLogBucketPrefix)) return false;
  const enabled = record(record(p.BucketLoggingStatus).LoggingEnabled);
  const target = enabled.TargetBucket;
  if (typeof target !== "string") return true;
  return target !== `${ctx.accessLogBucketPrefix}${d.recipientAccountId}-${d.awsRegion}`;
}

/** For each answered event: whether its content calls for the row's remediation. */
const CALLS_FOR: Record<
  ResponderEventName,
  (p: Record<string, unknown>, d: CloudTrailDetail, ctx: PlanContext) => boolean
> = {
  DeleteBucketPublicAccessBlock: () => true,
  PutBucketPublicAccessBlock: (p) => weakened(p.PublicAccessBlockConfiguration),
  DeleteAccountPublicAccessBlock: () => true,
  PutAccountPublicAccessBlock: (p) => weakened(p.PublicAccessBlockConfiguration),
  PutBucketAcl: grantsPublic,
  PutObjectAcl: grantsPublic,
  PutBucketPolicy: (p) => policyIsPublic(p.bucketPolicy ?? p.policy),
  PutBucketVersioning: (p) => {
    const status = record(p.VersioningConfiguration).Status;
    return status === "Suspended" || status === "Disabled";
  },
  PutBucketLogging: loggingWeakened,
  DeleteBucketEncryption: () => true,
  // Compared with the declared configuration when applied: the planner cannot see it.
  PutBucketEncryption: () => true,
};

const BY_NAME = new Map<string, (typeof RESPONDER_EVENTS)[number]>(RESPONDER_EVENTS.map((e) => [e.eventName, e]));

/**
 * Checks the shape of an event before anything is planned from it: a detail with
 * an event name, an S3 event source, account and region, requestParameters that is
 * an object, and a bucket name that is a non-empty string where one is needed.
 * Returns the problem, or null when the event is usable.
 */
export function eventProblem(detail: unknown): string | null {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return "the event has no detail";
  const d = detail as Record<string, unknown>;
  if (typeof d.eventName !== "string" || d.eventName === "") return "detail.eventName is missing or not a string";
  const row = BY_NAME.get(d.eventName);
  if (!row) return `detail.eventName ${JSON.stringify(d.eventName)} is not an event the responder answers`;
  if (d.eventSource !== row.eventSource)
    return `detail.eventSource ${JSON.stringify(d.eventSource)} is not ${row.eventSource}`;
  for (const field of ["recipientAccountId", "awsRegion"]) {
    if (typeof d[field] !== "string" || d[field] === "") return `detail.${field} is missing or not a string`;
  }
  const p = d.requestParameters;
  if (p !== undefined && p !== null && (typeof p !== "object" || Array.isArray(p)))
    return "detail.requestParameters is not an object";
  if (row.remediation !== "account-public-access") {
    const bucket = record(p).bucketName;
    if (typeof bucket !== "string" || bucket === "")
      return "detail.requestParameters.bucketName is missing or not a string";
  }
  return null;
}

/**
 * The plan for one event: the remediation its content calls for, nothing (a refused
 * call, a compliant write), or the problem that makes the event unusable.
 */
export function planRemediation(detail: unknown, ctx: PlanContext): Plan {
  const problem = eventProblem(detail);
  if (problem) return { outcome: "unusable", problem };
  const d = detail as CloudTrailDetail;
  if (d.errorCode) return { outcome: "none" };
  const row = BY_NAME.get(d.eventName)!;
  const p = record(d.requestParameters);
  if (!CALLS_FOR[row.eventName](p, d, ctx)) return { outcome: "none" };
  const bucket = row.remediation === "account-public-access" ? "" : String(p.bucketName);
  return {
    outcome: "act",
    remediation: {
      kind: row.remediation,
      bucket,
      reason: row.reason,
      ...(row.eventName === "PutBucketEncryption" ? { written: p.ServerSideEncryptionConfiguration } : {}),
    },
  };
}

/**
 * The plan for an IAM Access Analyzer finding, and the finding told as the report's
 * WHO / WHAT / WHEN / WHERE / HOW: who is the outside principal, where the bucket's
 * account and region. Acts only on an active, public, undeleted finding on a bucket.
 */
export function planFinding(detail: unknown): { plan: Plan; detail: CloudTrailDetail } {
  const d = record(detail);
  const told: CloudTrailDetail = {
    eventName: RESPONDER_FINDING.detailType,
    eventTime: typeof d.updatedAt === "string" ? d.updatedAt : undefined,
    eventSource: "access-analyzer.amazonaws.com",
    awsRegion: typeof d.region === "string" ? d.region : "",
    recipientAccountId: typeof d.accountId === "string" ? d.accountId : "",
    sourceIPAddress: "n/a (a finding, not a request)",
    userAgent: `IAM Access Analyzer, finding ${typeof d.id === "string" ? d.id : "unknown"}`,
    userIdentity: { arn: JSON.stringify(d.principal ?? "unknown") },
  };
  const unusable = (problem: string) => ({ plan: { outcome: "unusable" as const, problem }, detail: told });
  if (!isObject(detail)) return unusable("the event has no detail");
  if (told.recipientAccountId === "") return unusable("detail.accountId is missing or not a string");
  if (told.awsRegion === "") return unusable("detail.region is missing or not a string");
  const resource = typeof d.resource === "string" ? d.resource : "";
  const bucket = resource.startsWith("arn:aws:s3:::") ? resource.slice("arn:aws:s3:::".length) : "";
  if (bucket === "" || bucket.includes("/")) return unusable("detail.resource is not an S3 bucket ARN");
  if (d.status !== "ACTIVE" || d.isPublic !== true || d.isDeleted === true || d.resourceType !== "AWS::S3::Bucket") {
    return { plan: { outcome: "none" }, detail: told };
  }
  return {
    plan: {
      outcome: "act",
      remediation: { kind: RESPONDER_FINDING.remediation, bucket, reason: RESPONDER_FINDING.reason },
    },
    detail: told,
  };
}

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** The message published for one event: WHO, WHAT, WHEN, WHERE, HOW, and what was (or would be) done. */
export function notification(
  d: CloudTrailDetail,
  plan: Remediation,
  outcome: string,
): { subject: string; message: string } {
  const target = plan.bucket ? `bucket ${plan.bucket}` : `account ${d.recipientAccountId}`;
  return {
    subject: `[s3-audit-baseline] ${plan.reason} on ${target}`.slice(0, 100),
    message: [
      `${plan.reason} on ${target}`,
      `WHO:   ${d.userIdentity?.arn ?? "unknown"}`,
      `WHAT:  ${d.eventName}`,
      `WHEN:  ${d.eventTime ?? "unknown"}`,
      `WHERE: account ${d.recipientAccountId}, ${d.awsRegion}, from ${d.sourceIPAddress ?? "unknown"}`,
      `HOW:   ${d.userAgent ?? "unknown"}`,
      `ACTION: ${outcome}`,
    ].join("\n"),
  };
}

/** The message for an event the responder cannot use: reported once, never retried. */
export function unusableNotification(problem: string, event: unknown): { subject: string; message: string } {
  const text = JSON.stringify(event) ?? String(event);
  return {
    subject: "[s3-audit-baseline] security responder received an unusable event",
    message: [
      `The security responder planned nothing for an event it cannot use: ${problem}.`,
      "Check the rule on the central bus and whoever puts events on it.",
      `EVENT: ${text.length > 4000 ? `${text.slice(0, 4000)}...` : text}`,
    ].join("\n"),
  };
}

/**
 * Whether the written default encryption is the declared one: same algorithm, for
 * KMS the same key (by ARN, or by the key id the ARN ends with) and the bucket key
 * as declared. A key written as an alias cannot be compared offline: "unknown".
 */
export function sameEncryption(
  written: unknown,
  declared: { SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean },
): "same" | "different" | "unknown" {
  const rules = record(written).Rule;
  const all = (Array.isArray(rules) ? rules : [rules]).map(record);
  if (all.length !== 1) return "different";
  const rule = all[0];
  const applied = record(rule.ApplyServerSideEncryptionByDefault);
  if (applied.SSEAlgorithm !== declared.SSEAlgorithm) return "different";
  if (declared.SSEAlgorithm === "AES256") return "same";
  const key = typeof applied.KMSMasterKeyID === "string" ? applied.KMSMasterKeyID : "";
  const want = declared.KMSMasterKeyID ?? "";
  if (/^alias\/|:alias\//.test(key)) return "unknown";
  const sameKey = key !== "" && (key === want || want.endsWith(`/${key}`) || key.endsWith(`/${want}`));
  const bucketKey = rule.BucketKeyEnabled === true || rule.BucketKeyEnabled === "true";
  return sameKey && (declared.BucketKeyEnabled === undefined || bucketKey === declared.BucketKeyEnabled)
    ? "same"
    : "different";
}
