import { actionCovers, asList } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule } from "../types";

/** The condition is exactly aws:SecureTransport = false, nothing narrowing it. */
function onlyInsecureTransport(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  if (!condition) return false;
  const operators = Object.keys(condition);
  if (operators.length !== 1 || operators[0] !== "Bool") return false;
  const keys = Object.keys(condition.Bool);
  if (keys.length !== 1 || keys[0].toLowerCase() !== "aws:securetransport") return false;
  const values = asList(condition.Bool[keys[0]] as unknown).map((v) => String(v).toLowerCase());
  return values.length === 1 && values[0] === "false";
}

export const s3TlsOnly: GuardrailRule = {
  id: "s3-tls-only",
  description: "An S3 bucket's policy denies every request made without TLS.",
  fix: 'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket and its objects, Condition Bool aws:SecureTransport "false" and nothing else (HardenedBucket does).',
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const policies = stack.subresources(bucket, "aws_s3_bucket_policy");
    if (policies.length > 1) return nonCompliant(`${policies.length} bucket policies: S3 keeps only the last applied`);
    const statements = stack.bucketPolicy(bucket);
    if (!statements) return nonCompliant("no bucket policy");
    const denies = statements.some((s) => {
      const everyone = s.Principal === "*" || asList(s.Principal?.AWS).includes("*");
      return (
        s.Effect === "Deny" &&
        everyone &&
        asList(s.Action).some((a) => actionCovers(a, "s3:*")) &&
        onlyInsecureTransport(s.Condition) &&
        asList(s.Resource).some((r) => r.endsWith("/*"))
      );
    });
    return denies
      ? compliant
      : nonCompliant("the bucket policy does not deny every request with aws:SecureTransport = false");
  },
};
