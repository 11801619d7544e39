import { asList, policyStatements, type PolicyStatementJson } from "../stack-view";
import type { ResourceJson } from "../types";

/** IAM identity policies a resource carries (not bucket or key policies). */
export const IAM_POLICY_TYPES = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
  "aws_iam_role",
];

/** Policy attachments, judged by the managed policy they attach. */
export const IAM_ATTACHMENT_TYPES = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
];

/** AWS managed policies that allow every action. */
export const FULL_ACCESS_POLICIES = ["arn:aws:iam::aws:policy/AdministratorAccess"];

/** A statement as the rules judge it: what it allows, on what, under which conditions. */
export interface AllowedStatement {
  readonly sid: string;
  /** "*" when the statement uses NotAction: it allows everything else. */
  readonly actions: string[];
  /** "*" when the statement uses NotResource, or an ARN that is a wildcard only. */
  readonly resources: string[];
  readonly conditioned: boolean;
  readonly viaNotAction: boolean;
}

const WILDCARD_ARN = /^arn:aws:[a-z0-9-]*:[^:]*:[^:]*:\*$/;

function normalise(s: PolicyStatementJson): AllowedStatement {
  const actions = s.NotAction !== undefined ? ["*"] : asList(s.Action).map(String);
  const raw = s as PolicyStatementJson & { NotResource?: unknown };
  const resources =
    raw.NotResource !== undefined
      ? ["*"]
      : asList(s.Resource).map((r) => (WILDCARD_ARN.test(String(r)) ? "*" : String(r)));
  const conditioned = Object.values(s.Condition ?? {}).some((keys) => keys && Object.keys(keys).length > 0);
  return { sid: s.Sid ?? "(no Sid)", actions, resources, conditioned, viaNotAction: s.NotAction !== undefined };
}

/**
 * The Allow statements of an IAM policy resource; `undefined` when its policy cannot
 * be read at synth time (a reference or a function call), which the rules report.
 */
export function allowedStatements(resource: ResourceJson): AllowedStatement[] | undefined {
  const documents =
    resource.type === "aws_iam_role"
      ? asList<{ policy?: unknown }>(resource.config.inline_policy).map((p) => p.policy)
      : [resource.config.policy];
  const out: AllowedStatement[] = [];
  for (const doc of documents) {
    const statements = policyStatements(doc);
    if (!statements) return undefined;
    for (const s of statements) if (s && typeof s === "object" && s.Effect === "Allow") out.push(normalise(s));
  }
  return out;
}
