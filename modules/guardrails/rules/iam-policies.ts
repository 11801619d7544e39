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

export function iamStatements(resource: ResourceJson): PolicyStatementJson[] {
  if (resource.type === "aws_iam_role") {
    return asList(resource.config.inline_policy).flatMap((p: { policy?: string }) => policyStatements(p.policy) ?? []);
  }
  return policyStatements(resource.config.policy) ?? [];
}
