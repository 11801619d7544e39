import {
  PATTERN_PARAMETERS as P,
  SUCCEEDED,
  SUCCEEDED_OR_DENIED,
  allOf,
  anyOf,
  eventNameFilter,
  filter,
} from "../patterns";
import { SAMPLE_PARAMETERS, apiCall, principals, denied } from "../samples";
import type { Detection } from "../types";

/**
 * Blinding the audit pipeline: the alarms, the trail's log group, the forwarding
 * rules, the alarm topics, and the other AWS sources of evidence (GuardDuty, Config,
 * VPC flow logs, Route 53 Resolver query logs). Where a detection is about this
 * project's own resources it names them through PATTERN_PARAMETERS.
 */

const call = apiCall;
const deniedException = {
  errorCode: "AccessDeniedException",
  errorMessage: "User is not authorized to perform this action",
};
const ours = (name: string) => `${SAMPLE_PARAMETERS.namePrefix}-${name}`;

const ALARM_EVENTS = ["DeleteAlarms", "DisableAlarmActions", "PutMetricAlarm"];
const LOG_GROUP_EVENTS = [
  "DeleteLogGroup",
  "DeleteMetricFilter",
  "PutRetentionPolicy",
  "DeleteRetentionPolicy",
  "DeleteSubscriptionFilter",
];
const RULE_EVENTS = ["DisableRule", "DeleteRule", "RemoveTargets", "PutRule"];
const TOPIC_EVENTS = ["DeleteTopic", "Unsubscribe"];
const GUARDDUTY_EVENTS = [
  "DeleteDetector",
  "UpdateDetector",
  "CreateIPSet",
  "UpdateIPSet",
  "DeleteIPSet",
  "DisassociateFromMasterAccount",
  "DisassociateFromAdministratorAccount",
  "StopMonitoringMembers",
  "DeleteMembers",
];
const CONFIG_EVENTS = ["DeleteConfigurationRecorder", "StopConfigurationRecorder", "DeleteDeliveryChannel"];
const NETWORK_LOG_EVENTS = ["DeleteFlowLogs", "DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig"];

export const PIPELINE_DETECTIONS: readonly Detection[] = [
  {
    id: "log-objects-deleted",
    title: "Logs deleted from a log bucket",
    catches:
      "Objects deleted from an access-log bucket, the access-log archive or the CloudTrail archive, refused attempts included (the trail records deletions there, never writes).",
    severity: "critical",
    eventNames: ["DeleteObject", "DeleteObjects"],
    filterPattern: filter(
      '($.eventSource = "s3.amazonaws.com")',
      '(($.eventName = "DeleteObject") || ($.eventName = "DeleteObjects"))',
      SUCCEEDED_OR_DENIED,
      anyOf(
        `($.requestParameters.bucketName = "${P.accessLogBucketPrefix}*")`,
        `($.requestParameters.bucketName = "${P.cloudTrailArchiveBucketPrefix}*")`,
      ),
    ),
    runbook: {
      meaning:
        "Someone is removing evidence. The archives hold every version under Object Lock, so a deletion there leaves a delete marker and the logs stay; in an account's access-log bucket the logs already replicated to the archive stay there.",
      contain: [
        "Suspend the caller. Check that the archives' Object Lock configuration is unchanged (s3-object-lock-changed).",
      ],
      recover: [
        "Remove the delete markers (list-object-versions, then delete the markers) to make the logs current again; fetch anything missing from the access-log archive.",
      ],
    },
    samples: {
      positive: [
        call(
          "s3.amazonaws.com",
          "DeleteObject",
          {
            bucketName: "example-s3-access-logs-444444444444-eu-west-1",
            key: "444444444444/eu-west-1/data/2026/11/23/x",
          },
          { eventCategory: "Data", managementEvent: false },
        ),
        call(
          "s3.amazonaws.com",
          "DeleteObjects",
          { bucketName: "example-cloudtrail-archive-222222222222", delete: "" },
          { eventCategory: "Data", managementEvent: false, ...denied },
        ),
      ],
      negative: [
        call(
          "s3.amazonaws.com",
          "DeleteObject",
          { bucketName: "example-payments-prod-data", key: "x" },
          { eventCategory: "Data", managementEvent: false },
        ),
        call(
          "s3.amazonaws.com",
          "GetObject",
          { bucketName: "example-cloudtrail-archive-222222222222", key: "x" },
          { eventCategory: "Data", managementEvent: false, readOnly: true },
        ),
        call(
          "s3.amazonaws.com",
          "DeleteObject",
          { bucketName: "example-s3-access-logs-444444444444-eu-west-1", key: "gone" },
          {
            eventCategory: "Data",
            managementEvent: false,
            errorCode: "NoSuchKey",
            errorMessage: "The specified key does not exist.",
          },
        ),
      ],
    },
  },
  {
    id: "alarms-disabled-or-deleted",
    title: "CloudWatch alarms deleted or silenced",
    catches: "This project's alarms deleted, their actions disabled, or rewritten with their actions off.",
    severity: "high",
    eventNames: ALARM_EVENTS,
    filterPattern: filter(
      '($.eventSource = "monitoring.amazonaws.com")',
      SUCCEEDED,
      // This project's own alarms: auto scaling and stacks delete theirs all day.
      anyOf(
        allOf(
          anyOf('($.eventName = "DeleteAlarms")', '($.eventName = "DisableAlarmActions")'),
          anyOf(...[0, 1, 2, 3].map((i) => `($.requestParameters.alarmNames[${i}] = "${P.namePrefix}-*")`)),
        ),
        allOf(
          '($.eventName = "PutMetricAlarm")',
          "($.requestParameters.actionsEnabled IS FALSE)",
          `($.requestParameters.alarmName = "${P.namePrefix}-*")`,
        ),
      ),
    ),
    runbook: {
      meaning:
        "Alarms are how this baseline reaches a person; deleting or silencing them is how an intruder keeps the next step quiet.",
      contain: [
        "Re-enable the actions (cloudwatch enable-alarm-actions) or re-apply the stack that owns the alarms (org-trail for detections).",
        "Check what happened in the minutes after the change: the alarms it silenced would have reported it.",
      ],
      recover: ["Re-apply the stacks; review the silenced alarms' metrics for the gap."],
    },
    samples: {
      positive: [
        call("monitoring.amazonaws.com", "DeleteAlarms", { alarmNames: [ours("trail-tampering")] }),
        call("monitoring.amazonaws.com", "DisableAlarmActions", { alarmNames: [ours("cis-4.3-root-account-usage")] }),
        call("monitoring.amazonaws.com", "PutMetricAlarm", {
          alarmName: ours("trail-tampering"),
          actionsEnabled: false,
          threshold: 1,
        }),
      ],
      negative: [
        call("monitoring.amazonaws.com", "PutMetricAlarm", {
          alarmName: "app-latency",
          actionsEnabled: true,
          threshold: 1,
        }),
        call("monitoring.amazonaws.com", "DescribeAlarms", { alarmNames: ["x"] }, { readOnly: true }),
        call("monitoring.amazonaws.com", "DeleteAlarms", { alarmNames: [ours("x")] }, denied),
        // Target tracking deletes its own alarms routinely.
        call("monitoring.amazonaws.com", "DeleteAlarms", {
          alarmNames: [
            "TargetTracking-table/orders-AlarmHigh-0a1b2c3d",
            "TargetTracking-table/orders-AlarmLow-4e5f6a7b",
          ],
        }),
        call("monitoring.amazonaws.com", "EnableAlarmActions", { alarmNames: [ours("trail-tampering")] }),
      ],
    },
  },
  {
    id: "trail-log-group-tampering",
    title: "The trail's log group tampered with",
    catches:
      "The trail's CloudWatch Logs group deleted, its metric filters or subscriptions deleted, or its retention changed.",
    severity: "critical",
    eventNames: LOG_GROUP_EVENTS,
    filterPattern: filter(
      '($.eventSource = "logs.amazonaws.com")',
      `(${LOG_GROUP_EVENTS.map((e) => `($.eventName = "${e}")`).join(" || ")})`,
      SUCCEEDED,
      `($.requestParameters.logGroupName = "${P.trailLogGroup}")`,
    ),
    runbook: {
      meaning:
        "Every metric-filter detection reads this log group: without it, or without its filters, nothing in this catalog but the real-time rules fires.",
      contain: [
        "Re-apply the org-trail stack, which restores the group, its retention and every metric filter.",
        "Suspend the caller until the change is explained.",
      ],
      recover: [
        "Records delivered while the group or its filters were missing are still in the CloudTrail archive bucket; query them with Athena for the gap.",
      ],
    },
    samples: {
      positive: [
        call("logs.amazonaws.com", "DeleteLogGroup", { logGroupName: SAMPLE_PARAMETERS.trailLogGroup }),
        call("logs.amazonaws.com", "DeleteMetricFilter", {
          logGroupName: SAMPLE_PARAMETERS.trailLogGroup,
          filterName: ours("trail-tampering"),
        }),
        call("logs.amazonaws.com", "PutRetentionPolicy", {
          logGroupName: SAMPLE_PARAMETERS.trailLogGroup,
          retentionInDays: 1,
        }),
      ],
      negative: [
        call("logs.amazonaws.com", "DeleteLogGroup", { logGroupName: "/aws/lambda/some-function" }),
        call("logs.amazonaws.com", "PutRetentionPolicy", {
          logGroupName: "/aws/lambda/some-function",
          retentionInDays: 14,
        }),
        call(
          "logs.amazonaws.com",
          "DeleteLogGroup",
          { logGroupName: SAMPLE_PARAMETERS.trailLogGroup },
          { errorCode: "ResourceNotFoundException", errorMessage: "The specified log group does not exist." },
        ),
      ],
    },
  },
  {
    id: "trail-metric-filter-rewritten",
    title: "A detection's metric filter rewritten",
    catches:
      "A metric filter of this project's on the trail's log group replaced (PutMetricFilter): a detection can be blinded by a pattern that never matches.",
    // Medium: the org-trail stack's own deploys write these filters too.
    severity: "medium",
    eventNames: ["PutMetricFilter"],
    filterPattern: filter(
      '($.eventSource = "logs.amazonaws.com")',
      '($.eventName = "PutMetricFilter")',
      SUCCEEDED,
      `($.requestParameters.logGroupName = "${P.trailLogGroup}")`,
      `($.requestParameters.filterName = "${P.namePrefix}-*")`,
    ),
    runbook: {
      meaning:
        "A deploy of the org-trail stack, or someone replacing a detection's pattern with one that never matches.",
      contain: [
        "Check the caller is the deployment role of a known pipeline run; otherwise re-apply the org-trail stack.",
      ],
      recover: ["Compare the filter's pattern (logs describe-metric-filters) with the catalog's."],
    },
    samples: {
      positive: [
        call("logs.amazonaws.com", "PutMetricFilter", {
          logGroupName: SAMPLE_PARAMETERS.trailLogGroup,
          filterName: ours("trail-tampering"),
          filterPattern: '{ $.eventName = "NeverHappens" }',
        }),
      ],
      negative: [
        call("logs.amazonaws.com", "PutMetricFilter", {
          logGroupName: "/aws/lambda/f",
          filterName: "errors",
          filterPattern: "ERROR",
        }),
        call(
          "logs.amazonaws.com",
          "PutMetricFilter",
          { logGroupName: SAMPLE_PARAMETERS.trailLogGroup, filterName: ours("x") },
          denied,
        ),
      ],
    },
  },
  {
    id: "forwarding-rules-tampering",
    title: "Security event forwarding disabled",
    catches: "A rule of this project's on EventBridge disabled or deleted, or its targets removed.",
    severity: "high",
    eventNames: RULE_EVENTS,
    filterPattern: filter(
      '($.eventSource = "events.amazonaws.com")',
      SUCCEEDED,
      anyOf(
        allOf(
          anyOf('($.eventName = "DisableRule")', '($.eventName = "DeleteRule")'),
          `($.requestParameters.name = "${P.namePrefix}-*")`,
        ),
        allOf('($.eventName = "RemoveTargets")', `($.requestParameters.rule = "${P.namePrefix}-*")`),
        allOf(
          '($.eventName = "PutRule")',
          `($.requestParameters.name = "${P.namePrefix}-*")`,
          '($.requestParameters.state = "DISABLED")',
        ),
      ),
    ),
    runbook: {
      meaning:
        "Without the forwarding rule an account's S3 security events no longer reach the central bus: the responder and the real-time notifications go quiet for it.",
      contain: ["Re-enable the rule (events enable-rule) or re-apply the account's baseline stack."],
      recover: ["For the gap, query the account's management events in the CloudTrail archive with Athena."],
    },
    samples: {
      positive: [
        call("events.amazonaws.com", "DisableRule", { name: ours("forward-security-events") }),
        call("events.amazonaws.com", "DeleteRule", { name: ours("forward-security-events"), force: false }),
        call("events.amazonaws.com", "RemoveTargets", { rule: ours("trail-tampering"), ids: ["notify"], force: false }),
        call("events.amazonaws.com", "PutRule", {
          name: ours("forward-security-events"),
          state: "DISABLED",
          eventPattern: "{}",
        }),
      ],
      negative: [
        call("events.amazonaws.com", "DisableRule", { name: "nightly-report" }),
        call("events.amazonaws.com", "EnableRule", { name: ours("forward-security-events") }),
        call("events.amazonaws.com", "PutRule", {
          name: ours("forward-security-events"),
          state: "ENABLED",
          eventPattern: "{}",
        }),
        call("events.amazonaws.com", "DeleteRule", { name: ours("x") }, denied),
      ],
    },
  },
  {
    id: "alarm-topics-tampering",
    title: "Alarm topics deleted or unsubscribed",
    catches: "A topic of this project's deleted, or a subscription to it removed.",
    severity: "high",
    eventNames: TOPIC_EVENTS,
    filterPattern: filter(
      '($.eventSource = "sns.amazonaws.com")',
      SUCCEEDED,
      anyOf(
        allOf('($.eventName = "DeleteTopic")', `($.requestParameters.topicArn = "*:${P.namePrefix}-*")`),
        allOf('($.eventName = "Unsubscribe")', `($.requestParameters.subscriptionArn = "*:${P.namePrefix}-*")`),
      ),
    ),
    runbook: {
      meaning: "Alarms and notifications still fire, but reach nobody.",
      contain: [
        "Re-apply the stack that owns the topic; re-confirm the subscriptions (e-mail subscriptions need a click).",
      ],
      recover: [
        "Review the alarms' history (cloudwatch describe-alarm-history) for what fired while nobody was subscribed.",
      ],
    },
    samples: {
      positive: [
        call("sns.amazonaws.com", "DeleteTopic", { topicArn: `arn:aws:sns:eu-west-1:111111111111:${ours("alarms")}` }),
        call("sns.amazonaws.com", "Unsubscribe", {
          subscriptionArn: `arn:aws:sns:eu-west-1:111111111111:${ours("alarms")}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        }),
      ],
      negative: [
        call("sns.amazonaws.com", "DeleteTopic", { topicArn: "arn:aws:sns:eu-west-1:444444444444:orders" }),
        call("sns.amazonaws.com", "Subscribe", {
          topicArn: `arn:aws:sns:eu-west-1:111111111111:${ours("alarms")}`,
          protocol: "email",
        }),
        call(
          "sns.amazonaws.com",
          "DeleteTopic",
          { topicArn: `arn:aws:sns:eu-west-1:111111111111:${ours("alarms")}` },
          deniedException,
        ),
      ],
    },
  },
  {
    id: "guardduty-tampering",
    title: "GuardDuty disabled or its trusted IPs changed",
    catches:
      "A GuardDuty detector deleted or disabled, an account disassociated or its monitoring stopped, or a trusted IP list created, changed or deleted.",
    severity: "critical",
    eventNames: GUARDDUTY_EVENTS,
    filterPattern: filter(
      '($.eventSource = "guardduty.amazonaws.com")',
      SUCCEEDED,
      anyOf(
        ...GUARDDUTY_EVENTS.filter((e) => e !== "UpdateDetector").map((e) => `($.eventName = "${e}")`),
        allOf(
          '($.eventName = "UpdateDetector")',
          anyOf("($.requestParameters.enable IS FALSE)", '($.requestParameters.enable = "false")'),
        ),
      ),
    ),
    runbook: {
      meaning:
        "GuardDuty stops looking, or a trusted IP list tells it to ignore the attacker's addresses: the classic step before acting unseen.",
      contain: [
        "Re-enable the detector (guardduty update-detector --enable) or re-create it; delete IP sets nobody can explain.",
        "Suspend the caller until the change is explained.",
      ],
      recover: [
        "Review the findings GuardDuty archived or would have raised for the period, from the trail's records.",
      ],
    },
    samples: {
      positive: [
        call("guardduty.amazonaws.com", "DeleteDetector", { detectorId: "12abc34d567e8fa901bc2d34e56789f0" }),
        call("guardduty.amazonaws.com", "UpdateDetector", {
          detectorId: "12abc34d567e8fa901bc2d34e56789f0",
          enable: false,
        }),
        call("guardduty.amazonaws.com", "CreateIPSet", {
          detectorId: "12abc34d567e8fa901bc2d34e56789f0",
          name: "trusted",
          format: "TXT",
          location: "https://s3.amazonaws.com/attacker-bucket/ips.txt",
          activate: true,
        }),
        call("guardduty.amazonaws.com", "UpdateIPSet", {
          detectorId: "12abc34d567e8fa901bc2d34e56789f0",
          ipSetId: "0cb0141ab9fbde177613ab9436212e90",
          activate: true,
        }),
        call("guardduty.amazonaws.com", "DisassociateFromAdministratorAccount", {
          detectorId: "12abc34d567e8fa901bc2d34e56789f0",
        }),
      ],
      negative: [
        call("guardduty.amazonaws.com", "UpdateDetector", {
          detectorId: "12abc34d567e8fa901bc2d34e56789f0",
          enable: true,
          findingPublishingFrequency: "FIFTEEN_MINUTES",
        }),
        call("guardduty.amazonaws.com", "ListDetectors", {}, { readOnly: true }),
        call(
          "guardduty.amazonaws.com",
          "DeleteDetector",
          { detectorId: "x" },
          {
            errorCode: "BadRequestException",
            errorMessage: "The request is rejected because the input detectorId is not owned by the current account.",
          },
        ),
        // WAF has IP sets too.
        call("wafv2.amazonaws.com", "UpdateIPSet", { name: "office", scope: "REGIONAL" }),
      ],
    },
  },
  {
    id: "config-recording-stopped",
    title: "AWS Config recording stopped or deleted",
    catches: "A configuration recorder stopped or deleted, or the delivery channel deleted.",
    severity: "high",
    eventNames: CONFIG_EVENTS,
    filterPattern: eventNameFilter(CONFIG_EVENTS, "config.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "Configuration history and Config rules stop: changes made now leave no configuration record and no compliance finding.",
      contain: [
        "Re-create or restart the recorder (configservice start-configuration-recorder) and its delivery channel.",
      ],
      recover: ["For the gap, reconstruct changes from the trail's records in the CloudTrail archive."],
    },
    samples: {
      positive: [
        call("config.amazonaws.com", "DeleteConfigurationRecorder", { configurationRecorderName: "default" }),
        call("config.amazonaws.com", "StopConfigurationRecorder", { configurationRecorderName: "default" }),
        call("config.amazonaws.com", "DeleteDeliveryChannel", { deliveryChannelName: "default" }),
      ],
      negative: [
        call("config.amazonaws.com", "StartConfigurationRecorder", { configurationRecorderName: "default" }),
        call(
          "config.amazonaws.com",
          "DeleteDeliveryChannel",
          { deliveryChannelName: "x" },
          {
            errorCode: "NoSuchDeliveryChannelException",
            errorMessage: "Cannot find delivery channel with specified name 'x'.",
          },
        ),
        call("config.amazonaws.com", "PutDeliveryChannel", {
          deliveryChannel: { name: "default", s3BucketName: "config-bucket" },
        }),
      ],
    },
  },
  {
    id: "network-logging-deleted",
    title: "VPC flow logs or DNS query logging deleted",
    catches: "VPC flow logs deleted, or Route 53 Resolver query logging deleted or detached from a VPC.",
    severity: "high",
    eventNames: NETWORK_LOG_EVENTS,
    filterPattern: filter(
      anyOf(
        allOf('($.eventSource = "ec2.amazonaws.com")', '($.eventName = "DeleteFlowLogs")'),
        allOf(
          '($.eventSource = "route53resolver.amazonaws.com")',
          anyOf(
            '($.eventName = "DeleteResolverQueryLogConfig")',
            '($.eventName = "DisassociateResolverQueryLogConfig")',
          ),
        ),
      ),
      SUCCEEDED,
    ),
    runbook: {
      meaning:
        "Network and DNS evidence stops: exfiltration and command-and-control traffic from then on leaves no record.",
      contain: ["Re-create the flow logs or the query-logging configuration and its VPC associations."],
      recover: ["Note the unrecorded window in the incident record; the trail still holds the API side."],
    },
    samples: {
      positive: [
        call("ec2.amazonaws.com", "DeleteFlowLogs", {
          DeleteFlowLogsRequest: { FlowLogId: { content: "fl-0e17aa62a21d4bbfe", tag: 1 } },
        }),
        call("route53resolver.amazonaws.com", "DeleteResolverQueryLogConfig", {
          resolverQueryLogConfigId: "rqlc-4473f20ca554c07",
        }),
        call("route53resolver.amazonaws.com", "DisassociateResolverQueryLogConfig", {
          resolverQueryLogConfigId: "rqlc-4473f20ca554c07",
          resourceId: "vpc-0a1b2c3d",
        }),
      ],
      negative: [
        call("ec2.amazonaws.com", "CreateFlowLogs", {
          CreateFlowLogsRequest: { ResourceId: { content: "vpc-0a1b2c3d", tag: 1 } },
        }),
        call(
          "ec2.amazonaws.com",
          "DeleteFlowLogs",
          { DeleteFlowLogsRequest: { FlowLogId: { content: "fl-1", tag: 1 } } },
          {
            errorCode: "Client.UnauthorizedOperation",
            errorMessage: "You are not authorized to perform this operation.",
          },
        ),
        call("ec2.amazonaws.com", "DescribeFlowLogs", {}, { readOnly: true }),
      ],
    },
  },
  {
    id: "organizations-leave-attempt",
    title: "Attempt to leave the organization",
    catches: "An account calling LeaveOrganization, refused attempts included.",
    severity: "critical",
    eventNames: ["LeaveOrganization"],
    filterPattern: eventNameFilter(["LeaveOrganization"], "organizations.amazonaws.com", [SUCCEEDED_OR_DENIED]),
    runbook: {
      meaning:
        "An account leaving the organization sheds every SCP, the organization trail and this baseline at once; a refused attempt shows someone tried.",
      contain: ["Suspend the caller; check the account's SCPs deny organizations:LeaveOrganization."],
      recover: ["If it left, re-invite it and re-apply its baseline; review what it did while outside."],
    },
    samples: {
      positive: [
        call("organizations.amazonaws.com", "LeaveOrganization", null, {
          userIdentity: principals.assumedRole,
          errorCode: "AccessDenied",
          errorMessage: "User is not authorized to perform: organizations:LeaveOrganization on resource: *",
        }),
        call("organizations.amazonaws.com", "LeaveOrganization", null),
      ],
      negative: [
        call("organizations.amazonaws.com", "DescribeOrganization", null, { readOnly: true }),
        call("organizations.amazonaws.com", "LeaveOrganization", null, {
          errorCode: "AWSOrganizationsNotInUseException",
          errorMessage: "Your account is not a member of an organization.",
        }),
      ],
    },
  },
];
