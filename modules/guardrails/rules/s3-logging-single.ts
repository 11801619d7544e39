import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3LoggingSingle: GuardrailRule = {
  id: "s3-logging-single",
  description:
    "A bucket has one server-access-logging configuration: S3 keeps only the last one written, so two make every plan rewrite one over the other.",
  fix: "Keep one: an aws_s3_bucket_logging resource (AccessLogBucket.logsFor creates it) and no inline logging block, or the other way round.",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const declaredBy = stack
      .loggingEdges()
      .filter((e) => e.source?.address === bucket.address)
      .map((e) => e.declaredBy.address);
    if (declaredBy.length === 0) return notApplicable;
    if (declaredBy.length === 1) return compliant;
    return nonCompliant(`${declaredBy.length} logging configurations: ${declaredBy.join(", ")}`);
  },
};
