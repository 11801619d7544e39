import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3LoggingNotToItself: GuardrailRule = {
  id: "s3-logging-not-to-itself",
  description: "A bucket never delivers its server access logs into itself.",
  fix: "Point target_bucket at the account's access-log bucket for this region (AccessLogBucket.logsFor does).",
  resourceTypes: ["aws_s3_bucket_logging", "aws_s3_bucket"],
  evaluate(resource, stack) {
    const edges = stack.loggingEdges().filter((e) => e.declaredBy.address === resource.address);
    if (edges.length === 0) return notApplicable;
    const self = edges.some((e) =>
      e.source && e.target
        ? e.source.address === e.target.address
        : e.rawSource !== undefined && e.rawSource === e.rawTarget,
    );
    return self ? nonCompliant("target_bucket is the bucket itself") : compliant;
  },
};
