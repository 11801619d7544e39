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
