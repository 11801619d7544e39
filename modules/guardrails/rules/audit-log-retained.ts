import { asList, policyStatements, servicePrincipals } from "../stack-view";
import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

const isLogService = (p: string) =>
  p === "cloudtrail.amazonaws.com" || p === "logs.amazonaws.com" || /^logs\.[a-z0-9-]+\.amazonaws\.com$/.test(p);

export const auditLogRetained: GuardrailRule = {
  id: "audit-log-retained",
  description:
    "A bucket or KMS key holding audit logs cannot be destroyed by a plan: lifecycle prevent_destroy, and no force_destroy.",
  fix: "Set lifecycle { prevent_destroy = true } and leave force_destroy false (HardenedBucket, CloudTrailArchive and OrganizationTrail do).",
  resourceTypes: ["aws_s3_bucket", "aws_kms_key"],
  evaluate(resource, stack) {
    const holdsLogs =
      resource.type === "aws_s3_bucket"
        ? stack.isAuditLogBucket(resource)
        : stack.auditLogKeys().some((k) => k.address === resource.address) ||
          (policyStatements(resource.config.policy) ?? []).some(
            (s) => s.Effect === "Allow" && servicePrincipals(s).some(isLogService),
          );
    if (!holdsLogs) return notApplicable;
    const problems: string[] = [];
    if (asList(resource.config.lifecycle)[0]?.prevent_destroy !== true) problems.push("no prevent_destroy");
    if (resource.config.force_destroy === true) problems.push("force_destroy is true");
    return problems.length === 0 ? compliant : nonCompliant(problems.join(", "));
  },
};
