import { Testing } from "cdktf";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { AlarmTopic } from "../../modules/alarm-topic";
import { allowing, idWhere, resourcesOf, statement } from "../helpers";

describe("AlarmTopic", () => {
  const out = Testing.synthScope((s) => {
    new AlarmTopic(s, "alarms", {
      topicName: "example-security-alarms",
      accountId: "111111111111",
      region: "eu-west-1",
      publisherAccountIds: ["111111111111"],
      emails: ["security@example.com"],
      httpsEndpoints: ["https://hooks.example.com/aws"],
    });
  });
  const key = resourcesOf(out, "aws_kms_key")[0];

  test("the topic is encrypted with its own rotating customer managed key", () => {
    const keyId = idWhere(out, "aws_kms_key", "enable_key_rotation", true);
    expect(out).toHaveResourceWithProperties(SnsTopic, {
      name: "example-security-alarms",
      kms_master_key_id: `\${aws_kms_key.${keyId}.arn}`,
    });
  });

  test("the key admits CloudWatch from the named accounts, and EventBridge without aws:Source* (unsupported there)", () => {
    expect(statement(key.policy, "AlarmPublishers")).toEqual({
      Sid: "AlarmPublishers",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": ["111111111111"] } },
    });
    // With an aws:Source* condition here, every real-time notification is dropped.
    expect(statement(key.policy, "EventRulePublishers")).toEqual({
      Sid: "EventRulePublishers",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
    });
  });

  test("only CloudWatch and EventBridge may publish, over TLS", () => {
    const policy = resourcesOf(out, "aws_sns_topic_policy")[0].policy;
    expect(allowing(policy, "sns:Publish").map((s) => [s.Principal, s.Condition])).toEqual([
      [
        { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
        { StringEquals: { "aws:SourceAccount": ["111111111111"] } },
      ],
    ]);
    expect(statement(policy, "DenyPublishWithoutTLS").Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  test("subscribes every e-mail and https endpoint, with ids that do not depend on order", () => {
    const subs = Object.entries(JSON.parse(out).resource.aws_sns_topic_subscription) as [string, any][];
    expect(subs.map(([, s]) => [s.protocol, s.endpoint]).sort()).toEqual([
      ["email", "security@example.com"],
      ["https", "https://hooks.example.com/aws"],
    ]);
    expect(subs.map(([id]) => id).join(" ")).toMatch(/email-security-example-com/);
  });
});
