import { Construct } from "constructs";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Detection } from "../detections/types";
import { notificationInputTemplate } from "../detections/notification";
import {
  findingForwardingPattern,
  findingNotificationTemplate,
  findingPattern,
  type ServiceFinding,
} from "../detections/findings";
import { policyDocument } from "../iam";
import { DEFAULT_RUNBOOK_BASE_URL } from "../package-info";
import type { ITopic } from "../references";

/** Fields of a CloudTrail event that every notification shows. */
export const NOTIFICATION_INPUT_PATHS = {
  who: "$.detail.userIdentity.arn",
  what: "$.detail.eventName",
  when: "$.detail.eventTime",
  account: "$.detail.recipientAccountId",
  region: "$.detail.awsRegion",
  ip: "$.detail.sourceIPAddress",
  how: "$.detail.userAgent",
} as const;

/** What a detection's events act on: a bucket, a trail or a function. */
export function notificationTarget(d: Detection): { label: string; path: string } {
  const sources = (d.eventPattern as { source?: string[] } | undefined)?.source ?? [];
  if (sources.includes("aws.cloudtrail")) return { label: "trail", path: "$.detail.requestParameters.name" };
  if (sources.includes("aws.lambda")) return { label: "function", path: "$.detail.requestParameters.functionName" };
  return { label: "bucket", path: "$.detail.requestParameters.bucketName" };
}

/** The input paths of a detection's notification. */
export function notificationInputPaths(d: Detection): Record<string, string> {
  return { ...NOTIFICATION_INPUT_PATHS, target: notificationTarget(d).path };
}

/** The readable SNS message of a detection: WHO, WHAT, WHEN, WHERE, HOW, and the runbook. */
export function notificationTemplate(d: Detection, runbookBaseUrl: string): string {
  return notificationInputTemplate({
    severity: d.severity,
    title: d.title,
    who: "<who>",
    what: `<what> on ${notificationTarget(d).label} <target>`,
    where: "account <account>, <region>, from <ip>",
    how: "<how>",
    runbook: `${runbookBaseUrl}/${d.id}.md`,
  });
}

/** An EventBridge pattern of CloudTrail events, in the shape the catalog writes them. */
type ApiCallPattern = {
  source?: string[];
  "detail-type"?: string[];
  detail?: { eventName?: string[]; $or?: { eventName?: string[] }[] };
};

/** The event names a pattern matches: its detail's, or its $or branches'. */
function patternEventNames(p: ApiCallPattern): string[] {
  return [...(p.detail?.eventName ?? []), ...(p.detail?.$or ?? []).flatMap((b) => b.eventName ?? [])];
}

/**
 * What the forwarding rules in every account and region send to the central bus,
 * where each detection's exact pattern applies. For most detections the union of
 * their sources, detail types and event names, coarse on purpose; a detection with
 * `forwardOnlyMatches` (frequent data events such as PutObject) is forwarded by its
 * own pattern, so only the events it matches cross accounts.
 */
export function forwardingPattern(
  detections: readonly Detection[],
  additionalS3EventNames: readonly string[] = [],
  findings: readonly ServiceFinding[] = [],
): Record<string, unknown> {
  const sources = new Set<string>(additionalS3EventNames.length > 0 ? ["aws.s3"] : []);
  const detailTypes = new Set<string>(additionalS3EventNames.length > 0 ? ["AWS API Call via CloudTrail"] : []);
  const eventNames = new Set<string>(additionalS3EventNames);
  const exact: Record<string, unknown>[] = [];
  const services = findingForwardingPattern(findings);
  if (services) exact.push(services);
  for (const d of detections) {
    if (!d.eventPattern) continue;
    if (d.forwardOnlyMatches) {
      exact.push(d.eventPattern);
      continue;
    }
    const p = d.eventPattern as ApiCallPattern;
    (p.source ?? []).forEach((s) => sources.add(s));
    (p["detail-type"] ?? []).forEach((t) => detailTypes.add(t));
    patternEventNames(p).forEach((n) => eventNames.add(n));
  }
  const coarse = {
    source: [...sources].sort(),
    "detail-type": [...detailTypes].sort(),
    detail: { eventName: [...eventNames].sort() },
  };
  return exact.length === 0 ? coarse : { $or: [coarse, ...exact] };
}

export interface SecurityEventBusProps {
  /** Name of the central bus. */
  readonly busName: string;
  /** Only principals of this organization may put events (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /** The detections with an EventBridge pattern get a rule each. */
  readonly detections: readonly Detection[];
  /**
   * Findings of the audit services (AWS Config, IAM Access Analyzer, Trusted
   * Advisor) to notify, a rule each.
   * @default none
   */
  readonly findings?: readonly ServiceFinding[];
  /** Topic that receives the readable notifications: an `AlarmTopic`, or `AlarmTopic.fromArn`. */
  readonly topic: ITopic;
  /** Prefix of rule names, and of the names the findings' patterns match. */
  readonly namePrefix: string;
  /**
   * Where runbooks are published.
   * @default the runbooks of this release in the repository (`DEFAULT_RUNBOOK_BASE_URL`)
   */
  readonly runbookBaseUrl?: string;
}

/**
 * The central event bus for S3 security events: open to the organization only, with
 * one rule per real-time detection that sends a readable message to SNS.
 *
 * @example
 * new SecurityEventBus(this, "security-events", {
 *   busName: "example-security-events",
 *   organizationId: "o-exampleorg1",
 *   detections: DETECTIONS,
 *   findings: SERVICE_FINDINGS,
 *   topic,
 *   namePrefix: "example",
 * });
 */
export class SecurityEventBus extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly rules: CloudwatchEventRule[] = [];

  constructor(scope: Construct, id: string, props: SecurityEventBusProps) {
    super(scope, id);
    const runbooks = props.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
    this.bus = new CloudwatchEventBus(this, "bus", { name: props.busName });
    new CloudwatchEventBusPolicy(this, "policy", {
      eventBusName: this.bus.name,
      policy: policyDocument([
        {
          Sid: "OrganizationPutsEvents",
          Effect: "Allow",
          // EventBridge stores {"AWS": "*"} as "*": written so, a plan shows no change.
          Principal: "*",
          Action: "events:PutEvents",
          Resource: this.bus.arn,
          Condition: { StringEquals: { "aws:PrincipalOrgID": props.organizationId } },
        },
      ]),
    });

    for (const d of props.detections) {
      if (!d.eventPattern) continue;
      const rule = new CloudwatchEventRule(this, `${d.id}-rule`, {
        name: `${props.namePrefix}-${d.id}`.slice(0, 64),
        description: `${d.title} (${d.severity})`,
        eventBusName: this.bus.name,
        eventPattern: JSON.stringify(d.eventPattern),
      });
      new CloudwatchEventTarget(this, `${d.id}-notify`, {
        rule: rule.name,
        eventBusName: this.bus.name,
        arn: props.topic.topicArn,
        inputTransformer: {
          inputPaths: notificationInputPaths(d),
          inputTemplate: notificationTemplate(d, runbooks),
        },
      });
      this.rules.push(rule);
    }

    for (const f of props.findings ?? []) {
      const rule = new CloudwatchEventRule(this, `${f.id}-rule`, {
        name: `${props.namePrefix}-${f.id}`.slice(0, 64),
        description: `${f.title} (${f.severity})`.slice(0, 512),
        eventBusName: this.bus.name,
        eventPattern: JSON.stringify(findingPattern(f, props.namePrefix)),
      });
      new CloudwatchEventTarget(this, `${f.id}-notify`, {
        rule: rule.name,
        eventBusName: this.bus.name,
        arn: props.topic.topicArn,
        inputTransformer: { inputPaths: { ...f.inputPaths }, inputTemplate: findingNotificationTemplate(f, runbooks) },
      });
      this.rules.push(rule);
    }
  }
}

export interface SecurityEventForwardingProps {
  /** ARN of the central bus. */
  readonly centralBusArn: string;
  readonly detections: readonly Detection[];
  /**
   * More S3 API calls to forward, for consumers of the central bus other than the
   * detections (the security responder).
   * @default none
   */
  readonly additionalS3EventNames?: readonly string[];
  /**
   * Findings of the audit services to forward (their services' events, coarsely).
   * @default none
   */
  readonly findings?: readonly ServiceFinding[];
  /** Names of the rule and of the role EventBridge uses to put events on the central bus. */
  readonly ruleName: string;
  readonly roleName: string;
}

/**
 * In one account and region: a rule on the default bus that forwards the S3 and trail
 * events the detections look at to the central bus, through a role that may put
 * events on that bus only.
 *
 * @example
 * new SecurityEventForwarding(this, "forwarding", {
 *   centralBusArn: "arn:aws:events:eu-west-1:333333333333:event-bus/example-security-events",
 *   detections: DETECTIONS,
 *   ruleName: "example-forward-security-events",
 *   roleName: "example-forward-security-events-eu-west-1",
 * });
 */
export class SecurityEventForwarding extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: SecurityEventForwardingProps) {
    super(scope, id);
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: props.ruleName,
      description: "Forwards S3 security events and audit findings to the central security bus",
      eventPattern: JSON.stringify(forwardingPattern(props.detections, props.additionalS3EventNames, props.findings)),
    });
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Lets EventBridge forward S3 security events to the central bus",
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          // Only this rule may use the role (confused-deputy protection).
          Condition: { ArnEquals: { "aws:SourceArn": this.rule.arn } },
        },
      ]),
    });
    new IamRolePolicy(this, "role-policy", {
      role: role.id,
      name: "put-events-on-central-bus",
      policy: policyDocument([
        { Sid: "PutOnCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: props.centralBusArn },
      ]),
    });
    new CloudwatchEventTarget(this, "target", {
      rule: this.rule.name,
      arn: props.centralBusArn,
      roleArn: role.arn,
    });
  }
}
