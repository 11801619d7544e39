import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3AccessLogging: GuardrailRule = {
  id: "s3-access-logging",
  description: "An S3 bucket delivers server access logs, unless it is itself a log bucket.",
  fix: "Log into the account's access-log bucket for the region (BucketBaseline and AccessLogBucket.logsFor do); suppress with a reason for a bucket whose logging would loop.",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    if (stack.isAuditLogBucket(bucket)) return notApplicable;
    const logged = stack.loggingEdges().some((e) => e.source?.address === bucket.address);
    return logged ? compliant : nonCompliant("no server access logging");
  },
};
