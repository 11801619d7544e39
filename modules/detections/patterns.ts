/**
 * Builders for fully parenthesized patterns, so no detection depends on operator
 * precedence: `{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "A") || ($.eventName = "B")) }`.
 */

const q = (v: string) => `"${v.replace(/"/g, '\\"')}"`;

/** A metric filter for any of `eventNames`, optionally from one event source. */
export function eventNameFilter(
  eventNames: readonly string[],
  eventSource?: string,
  extra: readonly string[] = [],
): string {
  const names = eventNames.map((n) => `($.eventName = ${q(n)})`).join(" || ");
  const parts = [...(eventSource ? [`($.eventSource = ${q(eventSource)})`] : []), `(${names})`, ...extra];
  return `{ ${parts.join(" && ")} }`;
}

/** An EventBridge pattern for CloudTrail-recorded API calls of one service. */
export function apiCallPattern(
  source: string,
  eventSource: string,
  eventNames: readonly string[],
  detail: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    source: [source],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: { eventSource: [eventSource], eventName: [...eventNames], ...detail },
  };
}

/**
 * A call that changed something: no errorCode. Failed calls that changed nothing
 * (not found, invalid names, throttling) and refused ones alike are left out; the
 * refused ones are counted by cis-4.1.
 */
export const SUCCEEDED = "($.errorCode NOT EXISTS)";
/** The same, as EventBridge matches it. */
export const succeededDetail = { errorCode: [{ exists: false }] } as const;

/**
 * An attempt worth knowing of even when refused: it succeeded, or it was denied
 * (AccessDenied, AccessDeniedException, Client.UnauthorizedOperation). Calls that
 * failed for another reason (the trail or entity does not exist, an invalid name)
 * changed nothing and are left out.
 */
export const SUCCEEDED_OR_DENIED =
  '(($.errorCode NOT EXISTS) || ($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation"))';

/** SUCCEEDED_OR_DENIED as EventBridge matches it. */
export const succeededOrDeniedDetail = {
  $or: [
    { errorCode: [{ exists: false }] },
    { errorCode: [{ prefix: "AccessDenied" }, { suffix: "UnauthorizedOperation" }] },
  ],
} as const;

/** `(a) || (b) || ...`, parenthesized as one clause. */
export function anyOf(...clauses: readonly string[]): string {
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(" || ")})`;
}

/** `(a) && (b) && ...`, parenthesized as one clause. */
export function allOf(...clauses: readonly string[]): string {
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(" && ")})`;
}

/** `($.path = "value")`, the value quoted. */
export function equals(path: string, value: string): string {
  return `($.${path} = ${q(value)})`;
}

/** `{ a && b && ... }`: a whole filter pattern from clauses. */
export function filter(...clauses: readonly string[]): string {
  return `{ ${clauses.join(" && ")} }`;
}

/** Placeholders a filter pattern may hold, filled in where the detections are deployed. */
export const PATTERN_PARAMETERS = {
  /** The name of the trail's CloudWatch Logs group. */
  trailLogGroup: "{trailLogGroup}",
  /** The prefix of every name this project gives (alarms, topics, rules). */
  namePrefix: "{namePrefix}",
  /** The prefix of every access-log bucket's name (ResourceNames.accessLogBucketPrefix). */
  accessLogBucketPrefix: "{accessLogBucketPrefix}",
  /** The prefix of every CloudTrail archive bucket's name. */
  cloudTrailArchiveBucketPrefix: "{cloudTrailArchiveBucketPrefix}",
} as const;

export type PatternParameters = { readonly [K in keyof typeof PATTERN_PARAMETERS]: string };

/** A filter pattern with its placeholders filled in. */
export function renderPattern(pattern: string, params: PatternParameters): string {
  let out = pattern;
  for (const [key, placeholder] of Object.entries(PATTERN_PARAMETERS)) {
    out = out.split(placeholder).join(params[key as keyof PatternParameters]);
  }
  return out;
}
