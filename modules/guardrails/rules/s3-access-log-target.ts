import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3AccessLogTarget: GuardrailRule = {
  id: "s3-access-log-target",
  description:
    "A server-access-log target uses SSE-S3 and has no Object Lock: S3 log delivery cannot write with SSE-KMS default encryption or under a default retention.",
  fix: "Use AES256 default encryption and no Object Lock on access-log buckets (AccessLogBucket does).",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    if (!stack.accessLogTargets().some((t) => t.address === bucket.address)) return notApplicable;
    const problems: string[] = [];
    if (stack.encryptionAlgorithms(bucket).some((a) => a.startsWith("aws:kms")))
      problems.push("SSE-KMS default encryption");
    if (stack.hasObjectLock(bucket)) problems.push("Object Lock");
    return problems.length === 0 ? compliant : nonCompliant(`access-log target with ${problems.join(" and ")}`);
  },
};
