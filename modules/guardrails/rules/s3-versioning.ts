import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const s3Versioning: GuardrailRule = {
  id: "s3-versioning",
  description: "An S3 bucket has versioning enabled.",
  fix: 'Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" } (HardenedBucket does).',
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const enabled = stack
      .subresources(bucket, "aws_s3_bucket_versioning")
      .some((v) => v.config.versioning_configuration?.status === "Enabled");
    return enabled ? compliant : nonCompliant("versioning is not Enabled");
  },
};
