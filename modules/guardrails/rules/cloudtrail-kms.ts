import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const cloudTrailKms: GuardrailRule = {
  id: "cloudtrail-kms",
  description: "A trail encrypts its log files with a customer managed KMS key.",
  fix: "Set kms_key_id to the archive's key (OrganizationTrail takes it as key).",
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail) =>
    typeof trail.config.kms_key_id === "string" && trail.config.kms_key_id !== ""
      ? compliant
      : nonCompliant("no kms_key_id"),
};
