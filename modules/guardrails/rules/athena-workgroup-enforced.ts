import { compliant, nonCompliant, type GuardrailRule } from "../types";

/** Result encryptions that use a key the owner controls: not SSE_S3. */
const KMS_OPTIONS = ["SSE_KMS", "CSE_KMS"];

export const athenaWorkgroupEnforced: GuardrailRule = {
  id: "athena-workgroup-enforced",
  description:
    "An Athena workgroup over audit logs enforces its own settings, so no query can write unencrypted results elsewhere or lift the scan limit.",
  fix: "Set configuration.enforce_workgroup_configuration = true, a bytes_scanned_cutoff_per_query, and result_configuration.encryption_configuration with SSE_KMS or CSE_KMS.",
  resourceTypes: ["aws_athena_workgroup"],
  evaluate: (workgroup) => {
    const c = (workgroup.config.configuration ?? {}) as {
      enforce_workgroup_configuration?: unknown;
      bytes_scanned_cutoff_per_query?: unknown;
      result_configuration?: { encryption_configuration?: { encryption_option?: string } };
    };
    const problems: string[] = [];
    if (c.enforce_workgroup_configuration !== true) problems.push("queries may override its settings");
    if (!(Number(c.bytes_scanned_cutoff_per_query) > 0)) problems.push("no per-query scan limit");
    const option = c.result_configuration?.encryption_configuration?.encryption_option;
    if (!option || !KMS_OPTIONS.includes(option))
      problems.push(`results encrypted with ${option ?? "nothing"}, not a KMS key`);
    return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
  },
};
