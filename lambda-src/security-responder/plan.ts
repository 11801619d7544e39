/**
 * What the responder does about one CloudTrail event: pure functions, no AWS calls.
 */

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

export type Remediation =
  | { kind: "bucket-public-access"; bucket: string; reason: string }
  | { kind: "account-public-access"; reason: string }
  | { kind: "versioning"; bucket: string; reason: string }
  | { kind: "logging"; bucket: string; reason: string }
  | { kind: "encryption"; bucket: string; reason: string };

const FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];
const PUBLIC_GRANTEES = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

function weakened(config: unknown): boolean {
  const c = (config ?? {}) as Record<string, unknown>;
  return FLAGS.some((f) => c[f] !== true && c[f] !== "true");
}

function grantsPublic(params: Record<string, unknown>): boolean {
  const text = JSON.stringify(params);
  const cannedPublic = ["public-read", "public-read-write", "authenticated-read"].includes(
    String(params["x-amz-acl"] ?? ""),
  );
  return cannedPublic || PUBLIC_GRANTEES.some((g) => text.includes(g));
}

function policyIsPublic(params: Record<string, unknown>): boolean {
  const raw = params.bucketPolicy ?? params.policy;
  let doc: { Statement?: unknown };
  try {
    doc = typeof raw === "string" ? JSON.parse(raw) : ((raw ?? {}) as { Statement?: unknown });
  } catch {
    return false;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.some((s: { Effect?: string; Principal?: unknown; Condition?: unknown }) => {
    const everyone =
      s.Principal === "*" ||
      (typeof s.Principal === "object" && s.Principal !== null && (s.Principal as { AWS?: unknown }).AWS === "*");
    return s.Effect === "Allow" && everyone && !s.Condition;
  });
}

/**
 * The remediation an event calls for, or null when it needs none: the responder
 * acts on Block Public Access removed or weakened, a public ACL or policy,
 * versioning suspended, access logging turned off, default encryption removed.
 */
export function planRemediation(d: CloudTrailDetail): Remediation | null {
  if (d.errorCode) return null;
  const p = (d.requestParameters ?? {}) as Record<string, unknown>;
  const bucket = typeof p.bucketName === "string" ? p.bucketName : "";
  switch (d.eventName) {
    case "DeleteBucketPublicAccessBlock":
      return { kind: "bucket-public-access", bucket, reason: "Block Public Access removed" };
    case "PutBucketPublicAccessBlock":
      return weakened(p.PublicAccessBlockConfiguration)
        ? { kind: "bucket-public-access", bucket, reason: "Block Public Access weakened" }
        : null;
    case "DeleteAccountPublicAccessBlock":
      return { kind: "account-public-access", reason: "account Block Public Access removed" };
    case "PutAccountPublicAccessBlock":
      return weakened(p.PublicAccessBlockConfiguration)
        ? { kind: "account-public-access", reason: "account Block Public Access weakened" }
        : null;
    case "PutBucketAcl":
      return grantsPublic(p) ? { kind: "bucket-public-access", bucket, reason: "public ACL granted" } : null;
    case "PutBucketPolicy":
      return policyIsPublic(p) ? { kind: "bucket-public-access", bucket, reason: "public bucket policy" } : null;
    case "PutBucketVersioning": {
      const status = (p.VersioningConfiguration as { Status?: string } | undefined)?.Status;
      return status === "Suspended" ? { kind: "versioning", bucket, reason: "versioning suspended" } : null;
    }
    case "PutBucketLogging": {
      const status = p.BucketLoggingStatus as { LoggingEnabled?: unknown } | undefined;
      return status && !status.LoggingEnabled ? { kind: "logging", bucket, reason: "access logging turned off" } : null;
    }
    case "DeleteBucketEncryption":
      return { kind: "encryption", bucket, reason: "default encryption removed" };
    default:
      return null;
  }
}

/** The message published for one event: WHO, WHAT, WHEN, WHERE, HOW, and what was (or would be) done. */
export function notification(
  d: CloudTrailDetail,
  plan: Remediation,
  outcome: string,
): { subject: string; message: string } {
  const target = "bucket" in plan && plan.bucket ? `bucket ${plan.bucket}` : `account ${d.recipientAccountId}`;
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
