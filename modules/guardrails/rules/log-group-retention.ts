import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const logGroupRetention: GuardrailRule = {
  id: "log-group-retention",
  description: "A CloudWatch Logs group has a retention period (never-expiring logs grow without bound).",
  fix: "Set retention_in_days to one of the values CloudWatch Logs offers.",
  resourceTypes: ["aws_cloudwatch_log_group"],
  evaluate: (group) =>
    typeof group.config.retention_in_days === "number" && group.config.retention_in_days > 0
      ? compliant
      : nonCompliant("no retention_in_days"),
};
