import { asList } from "../stack-view";
import type { StackView } from "../stack-view";
import { compliant, nonCompliant, type GuardrailRule, type ResourceJson } from "../types";
import { LOG_BUCKET_DELETION_EVENTS } from "../../organization-trail/event-selectors";

interface FieldSelector {
  field: string;
  equals?: string[];
  starts_with?: string[];
  not_starts_with?: string[];
}

/**
 * Object-ARN prefixes of the buckets the trail must never record, or the name of a
 * log bucket whose name is not known at synth time (so the rule cannot check).
 */
function logBucketObjectArns(trail: ResourceJson, stack: StackView): { arns: string[]; unknown?: string } {
  const names = new Set<string>();
  const own = trail.config.s3_bucket_name;
  const ownBucket = stack.bucket(own);
  if (ownBucket) {
    const name = stack.bucketName(ownBucket);
    if (!name) return { arns: [], unknown: ownBucket.address };
    names.add(name);
  } else if (typeof own === "string" && !own.includes("${")) {
    names.add(own);
  } else {
    return { arns: [], unknown: String(own) };
  }
  for (const b of stack.ofType("aws_s3_bucket")) {
    if (!stack.isAuditLogBucket(b)) continue;
    const name = stack.bucketName(b);
    if (!name) return { arns: [], unknown: b.address };
    names.add(name);
  }
  return { arns: [...names].map((n) => `arn:aws:s3:::${n}/`) };
}

export const cloudTrailDataEventsExcludeLogs: GuardrailRule = {
  id: "cloudtrail-data-events-exclude-logs",
  description:
    "A trail's S3 data events never include writes to the log buckets, or the trail records its own deliveries without end (deletions alone may be recorded).",
  fix: "Exclude every log bucket from S3 data-event selectors with resources.ARN NotStartsWith (organizationTrailSelectors does).",
  resourceTypes: ["aws_cloudtrail"],
  evaluate(trail, stack) {
    if (
      asList(trail.config.event_selector).some((s: { data_resource?: unknown }) => asList(s.data_resource).length > 0)
    ) {
      return nonCompliant("basic event selectors cannot exclude buckets; use advanced event selectors");
    }
    const { arns: logs, unknown } = logBucketObjectArns(trail, stack);
    for (const selector of asList(trail.config.advanced_event_selector) as {
      name?: string;
      field_selector?: FieldSelector[];
    }[]) {
      const fields = asList(selector.field_selector);
      const isS3Data =
        fields.some((f) => f.field === "eventCategory" && asList(f.equals).includes("Data")) &&
        fields.some((f) => f.field === "resources.type" && asList(f.equals).includes("AWS::S3::Object"));
      if (!isS3Data) continue;
      if (unknown)
        return nonCompliant(
          `cannot check the exclusions: the name of log bucket ${unknown} is not known at synth time`,
        );
      const arn = fields.find((f) => f.field === "resources.ARN");
      const name = selector.name ?? "an S3 data-event selector";
      // Deletions only: no log write follows a deletion, so recording them cannot loop.
      const eventNames = asList(fields.find((f) => f.field === "eventName")?.equals) as string[];
      const deletionsOnly = eventNames.length > 0 && eventNames.every((e) => LOG_BUCKET_DELETION_EVENTS.includes(e));
      if (arn?.starts_with && deletionsOnly) continue;
      if (arn?.starts_with) {
        const hit = logs.find((l) => arn.starts_with!.some((p) => l.startsWith(p) || p.startsWith(l)));
        if (hit) return nonCompliant(`"${name}" selects the log bucket ${hit}`);
        continue;
      }
      const excluded = asList(arn?.not_starts_with);
      const missing = logs.filter((l) => !excluded.some((p) => l.startsWith(p)));
      if (!arn || excluded.length === 0) return nonCompliant(`"${name}" records every bucket, log buckets included`);
      if (missing.length > 0) return nonCompliant(`"${name}" does not exclude ${missing.join(", ")}`);
    }
    return compliant;
  },
};
