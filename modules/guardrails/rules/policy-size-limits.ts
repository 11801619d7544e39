import { compliant, nonCompliant, notApplicable, type GuardrailRule, type ResourceJson } from "../types";
import type { StackView } from "../stack-view";

/** A policy document AWS bounds in size, and where Terraform JSON holds it. */
export interface PolicySizeLimit {
  readonly resourceType: string;
  readonly attribute: string;
  /** Characters (IAM, without white space) or bytes (the others); policies here are compact. */
  readonly limit: number;
  readonly what: string;
  /**
   * The limit is on the sum of every such policy attached to the same value of this
   * attribute (IAM: all inline policies of one role).
   */
  readonly sharedBy?: string;
}

/** AWS's limits on policy documents (the default quotas where a quota can be raised). */
export const POLICY_SIZE_LIMITS: readonly PolicySizeLimit[] = [
  { resourceType: "aws_s3_bucket_policy", attribute: "policy", limit: 20 * 1024, what: "S3 bucket policy" },
  { resourceType: "aws_s3_bucket", attribute: "policy", limit: 20 * 1024, what: "S3 bucket policy" },
  { resourceType: "aws_iam_role", attribute: "assume_role_policy", limit: 2048, what: "role trust policy" },
  {
    resourceType: "aws_iam_role_policy",
    attribute: "policy",
    limit: 10240,
    what: "inline policies of one role, together",
    sharedBy: "role",
  },
  { resourceType: "aws_iam_policy", attribute: "policy", limit: 6144, what: "managed policy" },
  { resourceType: "aws_kms_key", attribute: "policy", limit: 32 * 1024, what: "KMS key policy" },
  { resourceType: "aws_sns_topic_policy", attribute: "policy", limit: 30 * 1024, what: "SNS topic policy" },
  { resourceType: "aws_sns_topic", attribute: "policy", limit: 30 * 1024, what: "SNS topic policy" },
  { resourceType: "aws_sqs_queue_policy", attribute: "policy", limit: 8 * 1024, what: "SQS queue policy" },
  { resourceType: "aws_sqs_queue", attribute: "policy", limit: 8 * 1024, what: "SQS queue policy" },
  {
    resourceType: "aws_cloudwatch_event_bus_policy",
    attribute: "policy",
    limit: 10 * 1024,
    what: "EventBridge bus policy",
  },
  // Not a policy, but a JSON document AWS bounds the same way: the forwarding rule's
  // pattern grows with the detection catalog.
  {
    resourceType: "aws_cloudwatch_event_rule",
    attribute: "event_pattern",
    limit: 2048,
    what: "EventBridge event pattern",
  },
];

/**
 * A Terraform reference resolves at apply time to an ARN or id: counted as this many
 * characters, about the length of a long ARN.
 */
export const REFERENCE_ESTIMATE = 128;

/** The size AWS counts: the document without white space, references estimated. */
export function policySize(policy: unknown): number | undefined {
  if (typeof policy !== "string") return undefined;
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(policy));
  } catch {
    return undefined;
  }
  // "$${" is Terraform's escape for a literal "${" (an IAM policy variable).
  const refs = compact.match(/(?<!\$)\$\{[^}]*\}/g) ?? [];
  return (
    compact.length - refs.reduce((n, r) => n + r.length, 0) + refs.length * REFERENCE_ESTIMATE - countEscapes(compact)
  );
}

const countEscapes = (s: string) => (s.match(/\$\$\{/g) ?? []).length;

function sizeOf(resource: ResourceJson, limit: PolicySizeLimit, stack: StackView): number | undefined {
  if (!limit.sharedBy) return policySize(resource.config[limit.attribute]);
  const key = resource.config[limit.sharedBy];
  let total = 0;
  for (const sibling of stack.ofType(limit.resourceType)) {
    if (sibling.config[limit.sharedBy] !== key) continue;
    const size = policySize(sibling.config[limit.attribute]);
    if (size === undefined) return undefined;
    total += size;
  }
  return total;
}

export const policySizeLimits: GuardrailRule = {
  id: "policy-size-limits",
  description:
    "Every policy document fits AWS's size limit: S3 bucket policy 20 KB, inline role policies 10,240 characters per role, trust policy 2,048, managed policy 6,144, KMS key policy 32 KB, SNS 30 KB, SQS 8 KB, EventBridge bus policy 10 KB.",
  fix: "Scope principals by organization (aws:PrincipalOrgID) or policy variables instead of listing accounts, roles or buckets; split a role's permissions over managed policies.",
  resourceTypes: [...new Set(POLICY_SIZE_LIMITS.map((l) => l.resourceType))],
  evaluate(resource, stack) {
    const over: string[] = [];
    let measured = false;
    for (const limit of POLICY_SIZE_LIMITS.filter((l) => l.resourceType === resource.type)) {
      const size = sizeOf(resource, limit, stack);
      if (size === undefined) continue;
      measured = true;
      if (size > limit.limit) over.push(`${limit.what} is ${size} of at most ${limit.limit}`);
    }
    if (!measured) return notApplicable;
    return over.length === 0 ? compliant : nonCompliant(over.join("; "));
  },
};
