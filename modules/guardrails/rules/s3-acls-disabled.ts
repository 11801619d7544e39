import { asList } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const s3AclsDisabled: GuardrailRule = {
  id: "s3-acls-disabled",
  description: "An S3 bucket has ACLs disabled (object ownership BucketOwnerEnforced).",
  fix: 'Add aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" } (HardenedBucket does).',
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, stack) {
    const enforced = stack
      .subresources(bucket, "aws_s3_bucket_ownership_controls")
      .some((o) =>
        asList(o.config.rule).some((r: { object_ownership?: string }) => r.object_ownership === "BucketOwnerEnforced"),
      );
    return enforced ? compliant : nonCompliant("object ownership is not BucketOwnerEnforced");
  },
};
