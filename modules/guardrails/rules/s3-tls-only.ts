import { actionCovers, asList } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const s3TlsOnly: GuardrailRule = {
  id: "s3-tls-only",
  description: "An S3 bucket's policy denies every request made without TLS.",
  fix: 'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket and its objects, Condition Bool aws:SecureTransport "false" (HardenedBucket does).',
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const statements = stack.bucketPolicy(bucket);
    if (!statements) return nonCompliant("no bucket policy");
    const denies = statements.some((s) => {
      const everyone = s.Principal === "*" || asList(s.Principal?.AWS).includes("*");
      const secure = s.Condition?.Bool?.["aws:SecureTransport"];
      return (
        s.Effect === "Deny" &&
        everyone &&
        asList(s.Action).some((a) => actionCovers(a, "s3:*")) &&
        (secure === "false" || secure === false) &&
        asList(s.Resource).some((r) => r.endsWith("/*"))
      );
    });
    return denies ? compliant : nonCompliant("the bucket policy does not deny aws:SecureTransport = false for s3:*");
  },
};
