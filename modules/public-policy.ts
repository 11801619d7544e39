/**
 * When a resource policy statement is public, as AWS defines it for S3 Block Public
 * Access and IAM Access Analyzer: it allows everyone (`"*"`, `{"AWS": "*"}` or
 * `{"AWS": ["*"]}`) and no condition narrows it to fixed values of a key AWS treats
 * as restricting. Pure, so the guardrails and the Lambda handlers share it.
 */

/** Keys that make a grant to everyone non-public when compared to fixed values. */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:SourceOwner",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:SourceIp",
  "aws:userid",
  "s3:DataAccessPointAccount",
  "s3:DataAccessPointArn",
];

const RESTRICTING = new Set(RESTRICTING_CONDITION_KEYS.map((k) => k.toLowerCase()));

/** A statement in the loose shape policies arrive in. */
export interface PolicyStatementLike {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

/** The principal is everyone: "*", {"AWS": "*"} or {"AWS": ["*"]}. */
export function grantsEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** A value is fixed when it has no wildcard; an IP range is fixed unless it is /0. */
function fixedValue(key: string, value: unknown): boolean {
  if (typeof value !== "string" || value === "") return false;
  if (key === "aws:sourceip") return !/\/0$/.test(value.trim());
  return !/[*?]/.test(value);
}

/**
 * Whether a Condition block narrows a grant: some positive operator (not a negation,
 * not ...IfExists) compares a restricting key to fixed values only.
 */
export function restrictsPrincipals(condition: unknown): boolean {
  if (typeof condition !== "object" || condition === null) return false;
  for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (/Not|IfExists$|^Null$/i.test(operator)) continue;
    if (typeof keys !== "object" || keys === null) continue;
    for (const [key, raw] of Object.entries(keys as Record<string, unknown>)) {
      const k = key.toLowerCase();
      if (!RESTRICTING.has(k)) continue;
      const values = Array.isArray(raw) ? raw : [raw];
      if (values.length > 0 && values.every((v) => fixedValue(k, v))) return true;
    }
  }
  return false;
}

/** An Allow statement to everyone that no restricting condition narrows. */
export function isPublicStatement(s: PolicyStatementLike): boolean {
  return s.Effect === "Allow" && grantsEveryone(s.Principal) && !restrictsPrincipals(s.Condition);
}

/** ACL grantees that make a bucket or object public: everyone, and every AWS account. */
export const PUBLIC_GRANTEE_URIS: readonly string[] = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/** Canned ACLs (the x-amz-acl header) that grant to those grantees. */
export const PUBLIC_CANNED_ACLS: readonly string[] = ["public-read", "public-read-write", "authenticated-read"];
