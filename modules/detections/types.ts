/** A CloudTrail record, as written to S3 and to CloudWatch Logs. */
export interface CloudTrailRecord {
  readonly eventVersion: string;
  readonly userIdentity: Record<string, unknown> & { readonly type: string };
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements: Record<string, unknown> | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly additionalEventData?: Record<string, unknown>;
  readonly readOnly?: boolean;
  readonly eventType: string;
  readonly managementEvent?: boolean;
  readonly eventCategory?: string;
  readonly recipientAccountId: string;
  readonly [key: string]: unknown;
}

export type Severity = "critical" | "high" | "medium" | "low";

export interface Runbook {
  /** What the detection means and why it matters. */
  readonly meaning: string;
  /** Steps to contain the change. */
  readonly contain: readonly string[];
  /** Steps to recover the intended state. */
  readonly recover: readonly string[];
}

/**
 * One detection: data, not code. Stacks deploy it (a metric filter and alarm on the
 * trail's log group, and an EventBridge rule where it has a pattern); tests evaluate
 * its patterns against its samples; the runbook is generated from it.
 */
export interface Detection {
  /** Stable id: names the metric, the alarm, the rule and the runbook file. */
  readonly id: string;
  readonly title: string;
  /** What it catches, in one sentence. */
  readonly catches: string;
  /** CIS AWS Foundations Benchmark v5 control, where there is one. */
  readonly cis?: string;
  readonly severity: Severity;
  /** The API calls it is about (for the runbook's queries). */
  readonly eventNames: readonly string[];
  /**
   * The services of those calls, where a per-principal count must name them.
   * @default ["s3.amazonaws.com"]
   */
  readonly eventSources?: readonly string[];
  /**
   * CloudWatch Logs Insights filter for the runbook's query.
   * @default `eventName in [...eventNames]`
   */
  readonly insightsFilter?: string;
  /**
   * CloudWatch Logs filter pattern for the trail's log group. It may hold the
   * placeholders of PATTERN_PARAMETERS (`{trailLogGroup}`, `{namePrefix}`), filled in
   * where the detections are deployed. At most 1,024 characters (a CloudWatch Logs limit).
   * @default none: the detection is real-time only (it has an eventPattern)
   */
  readonly filterPattern?: string;
  /**
   * Alarm when the metric's 5-minute sum reaches this.
   * @default 1
   */
  readonly threshold?: number;
  /**
   * `principal`: the threshold applies to each caller separately (a Contributor
   * Insights rule keyed on userIdentity.arn), not to the whole organization.
   * @default "total"
   */
  readonly aggregation?: "total" | "principal";
  /**
   * EventBridge pattern for real-time notification, where one event is enough: on the
   * central bus, for events the forwarding rules send there. Matches the same samples
   * as the filter pattern.
   */
  readonly eventPattern?: Record<string, unknown>;
  /**
   * The forwarding rules send only the events this pattern matches, rather than
   * every call of its event names: for data events (PutObject, CopyObject) too
   * frequent to carry across accounts wholesale.
   * @default false
   */
  readonly forwardOnlyMatches?: boolean;
  readonly runbook: Runbook;
  readonly samples: {
    /** Records the detection must match. */
    readonly positive: readonly CloudTrailRecord[];
    /** Records it must not match. */
    readonly negative: readonly CloudTrailRecord[];
  };
}
