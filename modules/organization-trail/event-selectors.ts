import type {
  CloudtrailAdvancedEventSelector,
  CloudtrailAdvancedEventSelectorFieldSelector,
} from "@cdktf/provider-aws/lib/cloudtrail";
import { ORGANIZATION_TRAIL_DEFAULTS } from "./defaults";

/** Which S3 object-level API calls a trail records for a bucket. */
export type DataEventMode = "none" | "write" | "readWrite";

/** CloudTrail's limit on the values of all conditions in all advanced selectors of a trail. */
export const MAX_ADVANCED_SELECTOR_VALUES = 500;

export interface BucketDataEvents {
  readonly bucketName: string;
  readonly mode: DataEventMode;
}

/**
 * The object calls recorded in the log buckets themselves. Deleting a log never
 * leads to another log write the trail records (the trail and log delivery only
 * write), so recording deletions there cannot loop; recording writes would.
 */
export const LOG_BUCKET_DELETION_EVENTS: readonly string[] = ["DeleteObject", "DeleteObjects"];

export interface DataEventSelectionProps {
  /**
   * Data events for every bucket in the organization that has no override.
   * Data events are billed per event, so reads are opt-in.
   * @default `ORGANIZATION_TRAIL_DEFAULTS.dataEvents` ("write")
   */
  readonly defaultMode?: DataEventMode;
  /**
   * Per-bucket overrides of `defaultMode`.
   * @default none
   */
  readonly buckets?: BucketDataEvents[];
  /**
   * Object-ARN prefixes that are never recorded: every bucket holding logs. Without
   * them the trail records its own log deliveries, and each delivery is a new event.
   */
  readonly excludedArnPrefixes: string[];
  /**
   * Record deletions (LOG_BUCKET_DELETION_EVENTS) in the log buckets, so that deleting
   * logs is visible (the `log-objects-deleted` detection). Writes there stay unrecorded.
   * @default true
   */
  readonly recordLogDeletions?: boolean;
}

const RANK: Record<DataEventMode, number> = { none: 0, write: 1, readWrite: 2 };

function s3DataSelector(
  name: string,
  mode: Exclude<DataEventMode, "none">,
  arnCondition: CloudtrailAdvancedEventSelectorFieldSelector,
): CloudtrailAdvancedEventSelector {
  const fieldSelector: CloudtrailAdvancedEventSelectorFieldSelector[] = [
    { field: "eventCategory", equalTo: ["Data"] },
    { field: "resources.type", equalTo: ["AWS::S3::Object"] },
  ];
  if (mode === "write") fieldSelector.push({ field: "readOnly", equalTo: ["false"] });
  fieldSelector.push(arnCondition);
  return { name, fieldSelector };
}

/**
 * The advanced event selectors of an organization trail: all management events, S3
 * data events by the organization default with per-bucket overrides, never for the
 * log buckets, and deletions in the log buckets (which cannot loop).
 *
 * A bucket whose mode differs from the default (and is not `none`) gets a
 * `StartsWith` selector for its mode. A bucket whose mode records less than the
 * default is also excluded from the default selector with `NotStartsWith`, so it
 * records exactly what it asks for. CloudTrail records an event once when several
 * selectors match, so a bucket that records more than the default is not
 * double-billed for the writes both selectors match.
 *
 * @throws when a bucket is also a log bucket, or the selectors exceed CloudTrail's
 * 500-value limit (`logBucketDataEventProblems`, `selectorLimitProblems`).
 */
export function organizationTrailSelectors(props: DataEventSelectionProps): CloudtrailAdvancedEventSelector[] {
  const problems = [...logBucketDataEventProblems(props), ...selectorLimitProblems(props)];
  if (problems.length > 0) throw new Error(problems.join("; "));
  return selectorsOf(props);
}

/** Buckets given a data-event mode that are log buckets: the trail would log its own writes. */
export function logBucketDataEventProblems(props: DataEventSelectionProps): string[] {
  return (props.buckets ?? []).flatMap((b) => {
    const hit = props.excludedArnPrefixes.find((p) => objectPrefix(b.bucketName).startsWith(p));
    return hit
      ? [
          `bucket "${b.bucketName}" matches the log-bucket prefix "${hit}": a log bucket cannot have data events, or the trail would log its own writes`,
        ]
      : [];
  });
}

/** More condition values than CloudTrail's limit. */
export function selectorLimitProblems(props: DataEventSelectionProps): string[] {
  const values = countSelectorValues(selectorsOf(props));
  if (values <= MAX_ADVANCED_SELECTOR_VALUES) return [];
  return [
    `the trail's advanced event selectors need ${values} condition values; CloudTrail allows ${MAX_ADVANCED_SELECTOR_VALUES}. ` +
      `Each bucket whose dataEvents differs from trail.dataEvents adds one: set trail.dataEvents to the mode most buckets need, so that only the exceptions are listed, and drop overrides that ask for what the default already records`,
  ];
}

const objectPrefix = (bucketName: string) => `arn:aws:s3:::${bucketName}/`;

function selectorsOf(props: DataEventSelectionProps): CloudtrailAdvancedEventSelector[] {
  const defaultMode = props.defaultMode ?? ORGANIZATION_TRAIL_DEFAULTS.dataEvents;
  const buckets = props.buckets ?? [];

  const selectors: CloudtrailAdvancedEventSelector[] = [
    { name: "Management events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
  ];

  if (defaultMode !== "none") {
    const recordLess = buckets.filter((b) => RANK[b.mode] < RANK[defaultMode]).map((b) => objectPrefix(b.bucketName));
    selectors.push(
      s3DataSelector(`S3 data events (${defaultMode}), all buckets except log buckets`, defaultMode, {
        field: "resources.ARN",
        notStartsWith: [...props.excludedArnPrefixes, ...recordLess],
      }),
    );
  }

  for (const mode of ["write", "readWrite"] as const) {
    if (mode === defaultMode) continue;
    const named = buckets.filter((b) => b.mode === mode).map((b) => objectPrefix(b.bucketName));
    if (named.length === 0) continue;
    selectors.push(
      s3DataSelector(`S3 data events (${mode}), selected buckets`, mode, {
        field: "resources.ARN",
        startsWith: named,
      }),
    );
  }

  if ((props.recordLogDeletions ?? true) && props.excludedArnPrefixes.length > 0) {
    selectors.push({
      name: "Deletions in log buckets",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "eventName", equalTo: [...LOG_BUCKET_DELETION_EVENTS] },
        { field: "resources.ARN", startsWith: [...props.excludedArnPrefixes] },
      ],
    });
  }

  return selectors;
}

/** Counts condition values the way CloudTrail's 500-value limit does. */
export function countSelectorValues(selectors: CloudtrailAdvancedEventSelector[]): number {
  let n = 0;
  for (const s of selectors) {
    for (const f of s.fieldSelector as CloudtrailAdvancedEventSelectorFieldSelector[]) {
      n +=
        (f.equalTo?.length ?? 0) +
        (f.notEquals?.length ?? 0) +
        (f.startsWith?.length ?? 0) +
        (f.notStartsWith?.length ?? 0) +
        (f.endsWith?.length ?? 0) +
        (f.notEndsWith?.length ?? 0);
    }
  }
  return n;
}
