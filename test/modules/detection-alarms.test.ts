import { Testing } from "cdktf";
import { DetectionAlarms, metricName } from "../../modules/detection-alarms";
import { detection } from "../../modules/detections";
import { resourcesOf, resourceWhere } from "../helpers";
import { AlarmTopic } from "../../modules/alarm-topic";

const TOPIC = "arn:aws:sns:eu-west-1:111111111111:example-security-alarms";

describe("DetectionAlarms", () => {
  const trailTampering = detection("trail-tampering");
  const massDeletion = detection("s3-mass-deletion");
  const out = Testing.synthScope((s) => {
    new DetectionAlarms(s, "detections", {
      detections: [trailTampering, massDeletion],
      logGroupName: "example/cloudtrail/example-org-trail",
      topic: AlarmTopic.fromArn(TOPIC),
      namePrefix: "example",
      runbookBaseUrl: "https://git.example.com/runbooks",
    });
  });

  test("one metric filter per detection, with the catalog's pattern, on the trail's log group", () => {
    expect(resourceWhere(out, "aws_cloudwatch_log_metric_filter", "name", "example-trail-tampering")).toEqual(
      expect.objectContaining({
        log_group_name: "example/cloudtrail/example-org-trail",
        pattern: trailTampering.filterPattern,
        metric_transformation: {
          name: "TrailTampering",
          namespace: "S3AuditBaseline/Detections",
          value: "1",
          default_value: "0",
          unit: "Count",
        },
      }),
    );
  });

  test("the alarm: Sum >= threshold over 5 minutes, missing data not breaching, notifies on alarm and recovery", () => {
    expect(resourceWhere(out, "aws_cloudwatch_metric_alarm", "alarm_name", "example-trail-tampering")).toEqual(
      expect.objectContaining({
        namespace: "S3AuditBaseline/Detections",
        metric_name: "TrailTampering",
        statistic: "Sum",
        period: 300,
        evaluation_periods: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treat_missing_data: "notBreaching",
        actions_enabled: true,
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        alarm_description: expect.stringContaining("Runbook: https://git.example.com/runbooks/trail-tampering.md"),
      }),
    );
  });

  test("a per-principal detection alarms on the largest contributor of a Contributor Insights rule", () => {
    const rule = resourcesOf(out, "aws_cloudwatch_contributor_insight_rule")[0];
    expect(rule.rule_name).toBe("example-s3-mass-deletion");
    const definition = JSON.parse(rule.rule_definition);
    expect(definition.Contribution.Keys).toEqual(["$.userIdentity.arn"]);
    expect(definition.LogGroupNames).toEqual(["example/cloudtrail/example-org-trail"]);
    const alarm = resourceWhere(out, "aws_cloudwatch_metric_alarm", "alarm_name", "example-s3-mass-deletion");
    expect(alarm.threshold).toBe(100);
    expect(alarm.metric_query).toEqual([
      expect.objectContaining({
        expression: 'INSIGHT_RULE_METRIC("example-s3-mass-deletion", "MaxContributorValue")',
        period: 300,
        return_data: true,
      }),
    ]);
    expect(alarm.metric_name).toBeUndefined();
  });

  test("metric names are the ids in PascalCase", () => {
    expect(metricName("cis-4.1-unauthorized-api-calls")).toBe("Cis41UnauthorizedApiCalls");
  });
});
