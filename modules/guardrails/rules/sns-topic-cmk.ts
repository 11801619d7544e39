import { compliant, nonCompliant, type GuardrailRule } from "../types";

export const snsTopicCmk: GuardrailRule = {
  id: "sns-topic-cmk",
  description:
    "An SNS topic is encrypted with a customer managed key; CloudWatch alarms cannot publish to a topic under the AWS managed SNS key.",
  fix: "Set kms_master_key_id to a customer managed key whose policy admits CloudWatch and EventBridge.",
  resourceTypes: ["aws_sns_topic"],
  evaluate(topic) {
    const key = topic.config.kms_master_key_id;
    if (typeof key !== "string" || key === "") return nonCompliant("no kms_master_key_id");
    if (key === "alias/aws/sns" || key.endsWith(":alias/aws/sns"))
      return nonCompliant("encrypted with the AWS managed SNS key");
    return compliant;
  },
};
