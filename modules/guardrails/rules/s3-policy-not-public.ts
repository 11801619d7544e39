import { isPublicStatement } from "../../public-policy";
import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3PolicyNotPublic: GuardrailRule = {
  id: "s3-policy-not-public",
  description:
    'An S3 bucket policy allows everyone ("*") only under a condition that pins a restricting key (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce, ...) to fixed values.',
  fix: "Name the principals, or condition the statement on aws:PrincipalOrgID (or another restricting key) with fixed values; aws:SecureTransport, aws:Referer and 0.0.0.0/0 restrict nothing.",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const statements = stack.bucketPolicy(bucket);
    if (!statements) return notApplicable;
    const open = statements.filter((s) => isPublicStatement(s)).map((s) => s.Sid ?? "(no Sid)");
    return open.length === 0 ? compliant : nonCompliant(`public statement ${open.join(", ")}`);
  },
};
