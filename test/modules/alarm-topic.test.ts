import { Testing } from "cdktf";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { AlarmTopic } from "../../modules/alarm-topic";
import { Key } from "../../modules/references";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { policyDocument } from "../../modules/iam";
import { allowing, idWhere, resourcesOf, statement, statements } from "../helpers";

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

  test("grantPublish names this topic and its own key, not every key of the account", () => {
    const granted = Testing.synthScope((s) => {
      const topic = new AlarmTopic(s, "alarms", { topicName: "t", accountId: "111111111111", region: "eu-west-1" });
      new IamPolicy(s, "publisher", { name: "publisher", policy: policyDocument(topic.grantPublish("Report")) });
    });
    const topicId = idWhere(granted, "aws_sns_topic", "name", "t");
    const keyId = idWhere(granted, "aws_kms_key", "enable_key_rotation", true);
    expect(statements(resourcesOf(granted, "aws_iam_policy")[0].policy)).toEqual([
      { Sid: "Report", Effect: "Allow", Action: "sns:Publish", Resource: `\${aws_sns_topic.${topicId}.arn}` },
      {
        Sid: "ReportKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: `\${aws_kms_key.${keyId}.arn}`,
      },
    ]);
  });

  test("a topic of another stack is named by its ARN, and its key only when given", () => {
    const arn = "arn:aws:sns:eu-west-1:111111111111:example-security-alarms";
    const keyArn = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(AlarmTopic.fromArn(arn).topicArn).toBe(arn);
    expect(
      AlarmTopic.fromArn(arn)
        .grantPublish("P")
        .map((s) => s.Resource),
    ).toEqual([arn]);
    expect(AlarmTopic.fromArn(arn, Key.fromArn(keyArn)).grantPublish("P")).toEqual([
      { Sid: "P", Effect: "Allow", Action: "sns:Publish", Resource: arn },
      { Sid: "PKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: keyArn },
    ]);
  });
});
