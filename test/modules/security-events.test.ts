import { Testing } from "cdktf";
import { DETECTIONS } from "../../modules/detections";
import {
  forwardingPattern,
  notificationInputPaths,
  notificationTemplate,
  SecurityEventBus,
  SecurityEventForwarding,
} from "../../modules/security-events";
import { allowing, resourcesOf, statement, statements } from "../helpers";
import { AlarmTopic } from "../../modules/alarm-topic";

const BUS = "arn:aws:events:eu-west-1:333333333333:event-bus/example-security-events";
const realTime = DETECTIONS.filter((d) => d.eventPattern);

describe("SecurityEventBus", () => {
  const out = Testing.synthScope((s) => {
    new SecurityEventBus(s, "bus", {
      busName: "example-security-events",
      organizationId: "o-exampleorg1",
      detections: DETECTIONS,
      topic: AlarmTopic.fromArn("arn:aws:sns:eu-west-1:333333333333:notify"),
      namePrefix: "example",
    });
  });

  test("only principals of the organization may put events", () => {
    const policy = resourcesOf(out, "aws_cloudwatch_event_bus_policy")[0].policy;
    expect(statements(policy)).toHaveLength(1);
    expect(statement(policy, "OrganizationPutsEvents").Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" },
    });
    // EventBridge stores {"AWS": "*"} as "*": anything else shows a change on every plan.
    expect(statement(policy, "OrganizationPutsEvents").Principal).toBe("*");
  });

  test("one rule per real-time detection, each with the catalog's pattern, notifying SNS", () => {
    const rules = resourcesOf(out, "aws_cloudwatch_event_rule");
    const canonical = (p: unknown) => JSON.stringify(p);
    expect(rules.map((r) => canonical(JSON.parse(r.event_pattern))).sort()).toEqual(
      realTime.map((d) => canonical(d.eventPattern)).sort(),
    );
    const targets = resourcesOf(out, "aws_cloudwatch_event_target");
    expect(targets).toHaveLength(realTime.length);
    for (const t of targets) expect(t.arn).toBe("arn:aws:sns:eu-west-1:333333333333:notify");
  });

  test("trail detections name the trail instead of a bucket", () => {
    const d = DETECTIONS.find((x) => x.id === "trail-tampering")!;
    expect(JSON.parse(notificationTemplate(d, "r"))).toContain("on trail <target>");
    expect(notificationInputPaths(d).target).toBe("$.detail.requestParameters.name");
  });
});

describe("SecurityEventForwarding", () => {
  const out = Testing.synthScope((s) => {
    new SecurityEventForwarding(s, "fwd", {
      centralBusArn: BUS,
      detections: DETECTIONS,
      ruleName: "example-forward-security-events",
      roleName: "example-forward-security-events-eu-west-1",
    });
  });

  test("forwards to the central bus through a role that can put events there only", () => {
    const target = resourcesOf(out, "aws_cloudwatch_event_target")[0];
    expect(target.arn).toBe(BUS);
    expect(target.role_arn).toMatch(/^\$\{aws_iam_role\./);
    const role = resourcesOf(out, "aws_iam_role")[0];
    const ruleId = Object.keys(JSON.parse(out).resource.aws_cloudwatch_event_rule)[0];
    // Only this rule may have EventBridge assume the role (confused deputy).
    expect(statements(role.assume_role_policy)).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:SourceArn": `\${aws_cloudwatch_event_rule.${ruleId}.arn}` } },
      },
    ]);
    const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
    expect(allowing(policy, "events:PutEvents").map((s) => s.Resource)).toEqual([BUS]);
    expect(statements(policy)).toHaveLength(1);
  });

  test("its rule's pattern is the one the samples are routed through (security-events.python.test.ts)", () => {
    const pattern = JSON.parse(resourcesOf(out, "aws_cloudwatch_event_rule")[0].event_pattern);
    expect(pattern).toEqual(forwardingPattern(DETECTIONS));
  });
});
