import { asList } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule } from "../types";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const s3DefaultEncryption: GuardrailRule = {
  id: "s3-default-encryption",
  description: "An S3 bucket has default encryption configured.",
  fix: "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm AES256 or aws:kms (HardenedBucket does).",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const configs = stack.subresources(bucket, "aws_s3_bucket_server_side_encryption_configuration");
    const algorithms = configs.flatMap((c) =>
      asList(c.config.rule).flatMap((r: { apply_server_side_encryption_by_default?: { sse_algorithm?: string } }) =>
        asList(r.apply_server_side_encryption_by_default).map((d) => d.sse_algorithm),
      ),
    );
    if (algorithms.some((a) => a && ALGORITHMS.includes(a))) return compliant;
    return nonCompliant(
      configs.length === 0 ? "no default encryption configuration" : "no default encryption algorithm",
    );
  },
};
