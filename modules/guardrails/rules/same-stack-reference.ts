import { asList, policyStatements } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule, type ResourceJson } from "../types";
import type { StackView } from "../stack-view";

/** How a literal string names a resource of a type: by its name, or an ARN or URL ending in it. */
interface Identity {
  /** The attribute that holds the resource's name. */
  readonly nameAttribute: string;
  /** Whether `value` designates the resource called `name`. */
  matches(value: string, name: string): boolean;
}

const arnEnding = (sep: string) => (value: string, name: string) =>
  value === name || (value.startsWith("arn:") && value.endsWith(`${sep}${name}`));

/** The resource types AWS looks up when another resource names them. */
export const IDENTITIES: Record<string, Identity> = {
  aws_s3_bucket: { nameAttribute: "bucket", matches: (v, n) => v === n || v === `arn:aws:s3:::${n}` },
  aws_iam_role: {
    nameAttribute: "name",
    matches: (v, n) => v === n || (v.startsWith("arn:") && new RegExp(`:role/(.+/)?${escape(n)}$`).test(v)),
  },
  aws_sqs_queue: {
    nameAttribute: "name",
    matches: (v, n) => arnEnding(":")(v, n) || (v.startsWith("https://") && v.endsWith(`/${n}`)),
  },
  aws_sns_topic: { nameAttribute: "name", matches: arnEnding(":") },
  aws_lambda_function: {
    nameAttribute: "function_name",
    matches: (v, n) => v === n || (v.startsWith("arn:") && new RegExp(`:function:${escape(n)}(:[^:]+)?$`).test(v)),
  },
  aws_cloudwatch_log_group: {
    nameAttribute: "name",
    matches: (v, n) => v === n || (v.startsWith("arn:") && new RegExp(`:log-group:${escape(n)}(:\\*)?$`).test(v)),
  },
  aws_cloudwatch_event_bus: { nameAttribute: "name", matches: arnEnding(":event-bus/") },
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Attributes AWS checks at the call: the resource they name must exist (and be
 * ready) before this one is created. Paths walk blocks, lists of blocks included.
 */
export const CHECKED_AT_CALL: Record<string, readonly string[]> = {
  aws_s3_bucket_logging: ["bucket", "target_bucket"],
  aws_s3_bucket_replication_configuration: ["bucket", "role", "rule.destination.bucket"],
  aws_s3_bucket_notification: ["bucket", "queue.queue_arn", "topic.topic_arn", "lambda_function.lambda_function_arn"],
  aws_s3_bucket_policy: ["bucket"],
  aws_s3_bucket_versioning: ["bucket"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket"],
  aws_s3_bucket_public_access_block: ["bucket"],
  aws_s3_bucket_ownership_controls: ["bucket"],
  aws_s3_bucket_lifecycle_configuration: ["bucket"],
  aws_s3_bucket_object_lock_configuration: ["bucket"],
  aws_s3_bucket_metric: ["bucket"],
  aws_cloudtrail: ["s3_bucket_name", "cloud_watch_logs_group_arn", "cloud_watch_logs_role_arn"],
  aws_lambda_function: ["role", "dead_letter_config.target_arn", "logging_config.log_group"],
  aws_lambda_event_source_mapping: ["function_name", "event_source_arn"],
  aws_lambda_permission: ["function_name"],
  aws_cloudwatch_event_rule: ["event_bus_name"],
  aws_cloudwatch_event_target: ["event_bus_name", "arn", "role_arn", "dead_letter_config.arn"],
  aws_cloudwatch_event_bus_policy: ["event_bus_name"],
  aws_cloudwatch_log_metric_filter: ["log_group_name"],
  aws_sns_topic_policy: ["arn"],
  aws_sns_topic_subscription: ["topic_arn", "endpoint"],
  aws_sqs_queue_policy: ["queue_url"],
  aws_iam_role_policy: ["role"],
  aws_iam_role_policy_attachment: ["role"],
};

/** Resource policies whose principals AWS resolves when the policy is written. */
export const POLICIES_WITH_PRINCIPALS: Record<string, string> = {
  aws_s3_bucket_policy: "policy",
  aws_kms_key: "policy",
  aws_sns_topic_policy: "policy",
  aws_sqs_queue_policy: "policy",
  aws_cloudwatch_event_bus_policy: "policy",
  aws_iam_role: "assume_role_policy",
};

/** The values found at a dotted path, through objects and lists. */
export function valuesAt(config: unknown, path: string): unknown[] {
  let current: unknown[] = [config];
  for (const segment of path.split(".")) {
    current = current
      .flatMap((c) => asList(c as unknown))
      .flatMap((c) => (typeof c === "object" && c !== null ? asList((c as Record<string, unknown>)[segment]) : []));
  }
  return current.flatMap((c) => asList(c));
}

/** The literal strings of this resource that AWS resolves at the call, with where they stand. */
function namedAtCall(resource: ResourceJson): { where: string; value: string }[] {
  const found: { where: string; value: string }[] = [];
  for (const path of CHECKED_AT_CALL[resource.type] ?? []) {
    for (const v of valuesAt(resource.config, path)) if (typeof v === "string") found.push({ where: path, value: v });
  }
  const policyAttr = POLICIES_WITH_PRINCIPALS[resource.type];
  if (policyAttr) {
    for (const s of policyStatements(resource.config[policyAttr]) ?? []) {
      const principal = s.Principal as { AWS?: unknown } | string | undefined;
      if (typeof principal !== "object" || principal === null) continue;
      for (const p of asList(principal.AWS)) {
        if (typeof p === "string") found.push({ where: `${policyAttr} principal`, value: p });
      }
    }
  }
  return found.filter((f) => !f.value.includes("${"));
}

/** The resource of this stack a literal designates, if any. */
function designated(value: string, self: ResourceJson, stack: StackView): ResourceJson | undefined {
  for (const [type, identity] of Object.entries(IDENTITIES)) {
    for (const r of stack.ofType(type)) {
      if (r.address === self.address) continue;
      const name = r.config[identity.nameAttribute];
      if (typeof name === "string" && !name.includes("${") && identity.matches(value, name)) return r;
    }
  }
  return undefined;
}

/** Whether `resource` reaches `target` by an interpolation or depends_on. */
function reaches(resource: ResourceJson, target: ResourceJson): boolean {
  if (asList<string>(resource.config.depends_on).includes(target.address)) return true;
  return JSON.stringify(resource.config).includes(`\${${target.address}.`);
}

export const sameStackReference: GuardrailRule = {
  id: "same-stack-reference",
  description:
    "An attribute AWS checks at the call (a logging target, a replication destination or role, a trigger's function or queue, a principal in a resource policy, a trail's bucket, log group and role, ...) that names a resource of the same stack reaches it by a reference or depends_on, so Terraform creates that resource first.",
  fix: "Pass the construct and use its attribute (bucket.id, role.arn, queue.arn) instead of a name or ARN string, or add it to depends_on.",
  resourceTypes: [...new Set([...Object.keys(CHECKED_AT_CALL), ...Object.keys(POLICIES_WITH_PRINCIPALS)])],
  evaluate(resource, stack) {
    const unordered = namedAtCall(resource).flatMap(({ where, value }) => {
      const target = designated(value, resource, stack);
      return target && !reaches(resource, target) ? [`${where} names ${target.address} ("${value}")`] : [];
    });
    return unordered.length === 0
      ? compliant
      : nonCompliant(`${unordered.join("; ")} by a literal, with no reference or depends_on`);
  },
};
