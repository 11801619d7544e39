import { policyStatements, servicePrincipals, type PolicyStatementJson } from "../stack-view";
import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

/**
 * Service principals in whose statements AWS does not supply aws:Source* keys: a
 * condition on them never matches, and the service is silently (or at the call)
 * refused.
 */
const WHERE_UNSUPPORTED: Record<string, { resourceType: string; attribute: string; service: string; effect: string }> =
  {
    aws_iam_role: {
      resourceType: "aws_iam_role",
      attribute: "assume_role_policy",
      service: "cloudtrail.amazonaws.com",
      effect: "CloudTrail rejects the CloudWatch Logs role (InvalidCloudWatchLogsRoleArnException)",
    },
    aws_kms_key: {
      resourceType: "aws_kms_key",
      attribute: "policy",
      service: "events.amazonaws.com",
      effect: "EventBridge cannot publish to the encrypted topic and the notification is dropped",
    },
  };

const sourceKeys = (s: PolicyStatementJson): string[] =>
  Object.values(s.Condition ?? {})
    .flatMap((keys) => Object.keys(keys ?? {}))
    .filter((k) => /^aws:source/i.test(k));

export const supportedConditions: GuardrailRule = {
  id: "supported-conditions",
  description:
    "No aws:Source* condition where AWS does not supply it: in a role trust for cloudtrail.amazonaws.com (the trail's CloudWatch Logs role), or in a KMS key statement for events.amazonaws.com.",
  fix: "Drop the aws:SourceArn / aws:SourceAccount condition from that statement; limit the publisher in the topic policy or the role's permissions instead.",
  resourceTypes: Object.keys(WHERE_UNSUPPORTED),
  evaluate(resource) {
    const where = WHERE_UNSUPPORTED[resource.type];
    const statements = policyStatements(resource.config[where.attribute]);
    if (!statements) return notApplicable;
    const bad = statements.filter((s) => servicePrincipals(s).includes(where.service) && sourceKeys(s).length > 0);
    if (bad.length === 0) return compliant;
    const keys = [...new Set(bad.flatMap(sourceKeys))].join(", ");
    return nonCompliant(`${keys} on ${where.service}, which does not support it: ${where.effect}`);
  },
};
