import { asList } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const s3Versioning: GuardrailRule = {
  id: "s3-versioning",
  description: "An S3 bucket has versioning enabled.",
  fix: 'Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" } (HardenedBucket does).',
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const separate = stack
      .subresources(bucket, "aws_s3_bucket_versioning")
      .flatMap((v) => asList<{ status?: string }>(v.config.versioning_configuration))
      .some((c) => c.status === "Enabled");
    const inline = asList<{ enabled?: boolean }>(bucket.config.versioning).some((v) => v.enabled === true);
    return separate || inline ? compliant : nonCompliant("versioning is not Enabled");
  },
};
