import { compliant, nonCompliant, type GuardrailRule } from "../types";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const s3DefaultEncryption: GuardrailRule = {
  id: "s3-default-encryption",
  description: "An S3 bucket has default encryption configured.",
  fix: "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm AES256 or aws:kms (HardenedBucket does).",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const algorithms = stack.encryptionAlgorithms(bucket);
    if (algorithms.some((a) => ALGORITHMS.includes(a))) return compliant;
    return nonCompliant(
      algorithms.length === 0 ? "no default encryption configuration" : `unknown algorithm ${algorithms[0]}`,
    );
  },
};
