import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { kmsAdministration, policyDocument, type PolicyStatement } from "../iam";
import { environmentOf } from "../environment";
import { Key, topicPublish, type IKey, type ITopic } from "../references";

export interface AlarmTopicProps {
  /** Topic name. */
  readonly topicName: string;
  /** The account it deploys into. @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it) */
  readonly accountId?: string;
  /** The region it deploys into. @default the enclosing scope's region (see `setEnvironment`; `AccountStack` sets it) */
  readonly region?: string;
  /**
   * Accounts whose CloudWatch alarms and EventBridge rules may publish
   * (`aws:SourceAccount`).
   * @default only `accountId`
   */
  readonly publisherAccountIds?: string[];
  /**
   * E-mail subscribers (each must confirm the subscription).
   * @default none
   */
  readonly emails?: string[];
  /**
   * HTTPS endpoints subscribed (chat webhooks, incident tools).
   * @default none
   */
  readonly httpsEndpoints?: string[];
}

/**
 * The SNS topic alarms and detections publish to, encrypted with its own customer
 * managed key. CloudWatch alarms cannot publish to a topic under the AWS managed SNS
 * key, so the key policy admits CloudWatch and EventBridge, and the topic policy lets
 * only those two services, from the named accounts, publish.
 *
 * @example
 * const topic = new AlarmTopic(this, "alarms", {
 *   topicName: "example-security-alarms",
 *   accountId: "111111111111",
 *   region: "eu-west-1",
 *   publisherAccountIds: ["111111111111"],
 *   emails: ["security@example.com"],
 *   httpsEndpoints: ["https://hooks.example.com/aws-alarms"],
 * });
 * // alarms, rules and functions take the topic itself:
 * new DetectionAlarms(this, "detections", {
 *   detections: CIS_DETECTIONS,
 *   logGroupName: "example-organization-trail",
 *   topic,
 *   namePrefix: "example",
 * });
 */
export class AlarmTopic extends Construct implements ITopic {
  /**
   * A topic another stack or account holds. Give its key when it has a customer
   * managed one, so that `grantPublish` names that key.
   */
  static fromArn(topicArn: string, key?: IKey): ITopic {
    return { topicArn, grantPublish: (sid) => topicPublish(sid, topicArn, key) };
  }

  readonly key: KmsKey;
  readonly topic: SnsTopic;
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { accountId, region } = environmentOf(this, props);
    const publishers = props.publisherAccountIds ?? [accountId];
    const services = ["cloudwatch.amazonaws.com", "events.amazonaws.com"];

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the SNS topic ${props.topicName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        kmsAdministration(accountId),
        {
          Sid: "AlarmPublishers",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": publishers } },
        },
        {
          // No aws:Source* condition: EventBridge does not supply it to KMS when it
          // publishes to an encrypted topic, and the publication would be dropped. The
          // topic policy below still limits which accounts' rules may publish.
          Sid: "EventRulePublishers",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
        },
        {
          Sid: "SnsUsesTheKeyForThisAccount",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` } },
        },
      ]),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.topicName}`, targetKeyId: this.key.keyId });

    this.topic = new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: this.key.arn });
    this.topicArn = this.topic.arn;
    const topicArn = `arn:aws:sns:${region}:${accountId}:${props.topicName}`;
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: "AlarmsAndEventRulesPublish",
          Effect: "Allow",
          Principal: { Service: services },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: { StringEquals: { "aws:SourceAccount": publishers } },
        },
        {
          Sid: "DenyPublishWithoutTLS",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });

    // Ids derive from the endpoint, so reordering the list changes nothing.
    const idFor = (endpoint: string) => endpoint.replace(/[^A-Za-z0-9]+/g, "-");
    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, `email-${idFor(email)}`, {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: email,
      });
    }
    for (const url of props.httpsEndpoints ?? []) {
      new SnsTopicSubscription(this, `https-${idFor(url)}`, {
        topicArn: this.topic.arn,
        protocol: "https",
        endpoint: url,
      });
    }
  }

  grantPublish(sid: string): PolicyStatement[] {
    return topicPublish(sid, this.topic.arn, Key.fromArn(this.key.arn));
  }
}
