import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3LoggingNotToItself: GuardrailRule = {
  id: "s3-logging-not-to-itself",
  description: "A bucket never delivers its server access logs into itself.",
  fix: "Point target_bucket at the account's access-log bucket for this region (AccessLogBucket.logsFor does).",
  resourceTypes: ["aws_s3_bucket_logging"],
  evaluate(logging, stack) {
    const source = stack.bucket(logging.config.bucket);
    const target = stack.bucket(logging.config.target_bucket);
    if (!source || !target) {
      return logging.config.bucket === logging.config.target_bucket
        ? nonCompliant("target_bucket is the bucket itself")
        : notApplicable;
    }
    return source.address === target.address ? nonCompliant("target_bucket is the bucket itself") : compliant;
  },
};
