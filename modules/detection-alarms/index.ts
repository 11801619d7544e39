import { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchContributorInsightRule } from "@cdktf/provider-aws/lib/cloudwatch-contributor-insight-rule";
import type { Detection } from "../detections/types";
import { renderPattern } from "../detections/patterns";
import { ResourceNames } from "../naming";
import { DEFAULT_RUNBOOK_BASE_URL } from "../package-info";
import type { ITopic } from "../references";

export interface DetectionAlarmsProps {
  /** The detections to deploy. */
  readonly detections: readonly Detection[];
  /** Name of the log group the trail streams to. */
  readonly logGroupName: string;
  /** Topic for alarm and OK notifications: an `AlarmTopic`, or `AlarmTopic.fromArn`. */
  readonly topic: ITopic;
  /**
   * Prefix of alarm and rule names, and of the names `ResourceNames` gives: the
   * detections that concern this project's own resources find them by it.
   */
  readonly namePrefix: string;
  /**
   * CloudWatch namespace of the metrics.
   * @default "S3AuditBaseline/Detections"
   */
  readonly namespace?: string;
  /**
   * Where runbooks are published; an alarm's description links `<base>/<id>.md`.
   * @default the runbooks of this release in the repository (`DEFAULT_RUNBOOK_BASE_URL`)
   */
  readonly runbookBaseUrl?: string;
}

/** `cis-4.1-unauthorized-api-calls` -> `Cis41UnauthorizedApiCalls` */
export function metricName(detectionId: string): string {
  return detectionId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/**
 * One metric filter and one alarm per detection on the trail's log group: the alarm
 * fires when the 5-minute sum reaches the detection's threshold, notifies on alarm
 * and on recovery, and treats missing data as not breaching (no events, no alarm).
 * A detection aggregated per principal gets a Contributor Insights rule keyed on the
 * caller, and its alarm watches the largest contributor.
 *
 * @example
 * new DetectionAlarms(this, "detections", {
 *   detections: DETECTIONS,
 *   logGroupName: trail.logGroup.name,
 *   topic,
 *   namePrefix: "example",
 *   runbookBaseUrl: "https://git.example.com/platform/s3-audit-baseline/-/blob/main/docs/runbooks",
 * });
 */
export class DetectionAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: DetectionAlarmsProps) {
    super(scope, id);
    const namespace = props.namespace ?? "S3AuditBaseline/Detections";
    const runbooks = props.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;

    const names = new ResourceNames({ prefix: props.namePrefix });
    const params = {
      trailLogGroup: props.logGroupName,
      namePrefix: props.namePrefix,
      accessLogBucketPrefix: names.accessLogBucketPrefix(),
      cloudTrailArchiveBucketPrefix: names.cloudTrailArchiveBucketPrefix(),
    };
    for (const d of props.detections) {
      // Real-time-only detections (no filter pattern) live on the central bus alone.
      if (!d.filterPattern) continue;
      const name = metricName(d.id);
      const scopeFor = new Construct(this, d.id);
      const threshold = d.threshold ?? 1;
      const description = `${d.title}${d.cis ? ` (CIS ${d.cis})` : ""}: ${d.catches} Severity ${d.severity}. Runbook: ${runbooks}/${d.id}.md`;
      const common = {
        alarmName: `${props.namePrefix}-${d.id}`,
        alarmDescription: description.slice(0, 1024),
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [props.topic.topicArn],
        okActions: [props.topic.topicArn],
      };

      new CloudwatchLogMetricFilter(scopeFor, "metric-filter", {
        name: `${props.namePrefix}-${d.id}`,
        logGroupName: props.logGroupName,
        pattern: renderPattern(d.filterPattern, params),
        metricTransformation: { name, namespace, value: "1", defaultValue: "0", unit: "Count" },
      });

      if (d.aggregation === "principal") {
        const ruleName = `${props.namePrefix}-${d.id}`;
        new CloudwatchContributorInsightRule(scopeFor, "contributors", {
          ruleName,
          ruleState: "ENABLED",
          ruleDefinition: JSON.stringify({
            Schema: { Name: "CloudWatchLogRule", Version: 1 },
            LogGroupNames: [props.logGroupName],
            LogFormat: "JSON",
            Contribution: {
              Keys: ["$.userIdentity.arn"],
              Filters: [
                { Match: "$.eventSource", In: [...(d.eventSources ?? ["s3.amazonaws.com"])] },
                { Match: "$.eventName", In: [...d.eventNames] },
                { Match: "$.errorCode", IsPresent: false },
              ],
            },
            AggregateOn: "Count",
          }),
        });
        this.alarms.push(
          new CloudwatchMetricAlarm(scopeFor, "alarm", {
            ...common,
            metricQuery: [
              {
                id: "top",
                expression: `INSIGHT_RULE_METRIC("${ruleName}", "MaxContributorValue")`,
                period: 300,
                label: "Largest count by one principal",
                returnData: true,
              },
            ],
          }),
        );
      } else {
        this.alarms.push(
          new CloudwatchMetricAlarm(scopeFor, "alarm", {
            ...common,
            namespace,
            metricName: name,
            statistic: "Sum",
            period: 300,
          }),
        );
      }
    }
  }
}
