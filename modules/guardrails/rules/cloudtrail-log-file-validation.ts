import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const cloudTrailLogFileValidation: GuardrailRule = {
  id: "cloudtrail-log-file-validation",
  description: "A trail writes digest files, so tampering with its logs can be detected.",
  fix: "Set enable_log_file_validation = true.",
  resourceTypes: ["aws_cloudtrail"],
  evaluate: (trail) =>
    trail.config.enable_log_file_validation === true ? compliant : nonCompliant("log file validation is off"),
};
