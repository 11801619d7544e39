import { compliant, nonCompliant, type GuardrailRule } from "../types";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export const s3BlockPublicAccess: GuardrailRule = {
  id: "s3-block-public-access",
  description: "An S3 bucket has all four Block Public Access settings on.",
  fix: "Add one aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets set to true (HardenedBucket does).",
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const blocks = stack.subresources(bucket, "aws_s3_bucket_public_access_block");
    if (blocks.length === 0) return nonCompliant("no aws_s3_bucket_public_access_block");
    if (blocks.length > 1) return nonCompliant(`${blocks.length} public access blocks: S3 keeps only the last applied`);
    const off = FLAGS.filter((f) => blocks[0].config[f] !== true);
    return off.length === 0 ? compliant : nonCompliant(`not set to true: ${off.join(", ")}`);
  },
};
