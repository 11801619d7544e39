/**
 * What the audit services find, routed to people: AWS Config compliance changes, IAM
 * Access Analyzer findings and Trusted Advisor's S3 check. Like the detections they
 * are data (pattern, severity, runbook, samples); unlike them they are EventBridge
 * events of the services themselves, not CloudTrail records, so they have no metric
 * filter and their samples are whole events, in the shapes AWS documents.
 *
 * Each is forwarded from the account and region where the service publishes it to
 * the central bus (only what its pattern matches), where a rule notifies in the
 * WHO / WHAT / WHEN / WHERE / HOW layout of the detections.
 */
import { ResourceNames } from "../naming";
import { notificationInputTemplate } from "./notification";
import { PATTERN_PARAMETERS, renderPattern } from "./patterns";
import type { Runbook, Severity } from "./types";

/** The audit services a finding comes from; each can be switched off in the config. */
export type AuditService = "config" | "accessAnalyzer" | "trustedAdvisor";

/** An EventBridge event of an AWS service, as delivered to a bus. */
export interface ServiceEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

export interface ServiceFinding {
  /** Stable id: names the rule and the runbook. */
  readonly id: string;
  readonly title: string;
  readonly catches: string;
  readonly severity: Severity;
  readonly service: AuditService;
  /** The EventBridge pattern; may hold PATTERN_PARAMETERS placeholders. */
  readonly eventPattern: Record<string, unknown>;
  /** Input paths of the notification, by placeholder name. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** The notification's lines; `<name>` is replaced with the input path's value. */
  readonly message: { readonly who: string; readonly what: string; readonly where: string; readonly how: string };
  readonly runbook: Runbook;
  readonly samples: { readonly positive: readonly ServiceEvent[]; readonly negative: readonly ServiceEvent[] };
}

/** AWS Config managed rules of the conformance pack, by the suffix of their name. */
export const CONFIG_RULES = [
  {
    name: "s3-account-public-access-blocked",
    identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
    scope: "account",
  },
  { name: "s3-bucket-public-access-blocked", identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", scope: "bucket" },
  { name: "s3-bucket-public-read-prohibited", identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED", scope: "bucket" },
  { name: "s3-bucket-public-write-prohibited", identifier: "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", scope: "bucket" },
  { name: "s3-bucket-encrypted", identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", scope: "bucket" },
  { name: "s3-bucket-logging-enabled", identifier: "S3_BUCKET_LOGGING_ENABLED", scope: "bucket" },
  { name: "s3-bucket-versioning-enabled", identifier: "S3_BUCKET_VERSIONING_ENABLED", scope: "bucket" },
  { name: "s3-bucket-tls-only", identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", scope: "bucket" },
  { name: "s3-bucket-acls-prohibited", identifier: "S3_BUCKET_ACL_PROHIBITED", scope: "bucket" },
  { name: "cloudtrail-enabled", identifier: "CLOUD_TRAIL_ENABLED", scope: "account" },
  { name: "cloudtrail-multi-region", identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", scope: "account" },
  { name: "cloudtrail-log-file-validation", identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", scope: "account" },
] as const;

/** The rule that access-log buckets break by design: a log bucket never logs (it would log into itself). */
const LOGGING_RULE = "s3-bucket-logging-enabled";

/** The name of a conformance-pack rule: Config adds `-conformance-pack-<id>` in each account. */
export function configRuleName(namePrefix: string, rule: string): string {
  return `${namePrefix}-${rule}`;
}

const P = PATTERN_PARAMETERS;

function configEvent(rule: string, resourceType: string, resourceId: string, compliance: string): ServiceEvent {
  const name = `${configRuleName("example", rule)}-conformance-pack-6cruwvtg2`;
  return {
    version: "0",
    id: "f6d29562-cddc-8302-80c9-1857d49fa132",
    "detail-type": "Config Rules Compliance Change",
    source: "aws.config",
    account: "444444444444",
    time: "2026-11-20T03:32:10Z",
    region: "eu-west-1",
    resources: [],
    detail: {
      resourceId,
      awsRegion: "eu-west-1",
      awsAccountId: "444444444444",
      configRuleName: name,
      recordVersion: "1.0",
      configRuleARN:
        "arn:aws:config:eu-west-1:444444444444:config-rule/aws-service-rule/config-conforms.amazonaws.com/config-rule-2pxv2c",
      messageType: "ComplianceChangeNotification",
      newEvaluationResult: {
        evaluationResultIdentifier: {
          evaluationResultQualifier: { configRuleName: name, resourceType, resourceId },
          orderingTimestamp: "2026-11-20T03:31:54.168Z",
        },
        complianceType: compliance,
        resultRecordedTime: "2026-11-20T03:32:09.685Z",
        configRuleInvokedTime: "2026-11-20T03:32:09.218Z",
        annotation: compliance === "NON_COMPLIANT" ? "The rule's check failed for this resource." : undefined,
      },
      notificationCreationTime: "2026-11-20T03:32:10.176Z",
      resourceType,
    },
  };
}

function analyzerEvent(detail: Record<string, unknown>): ServiceEvent {
  return {
    version: "0",
    id: "11111111-2222-4444-aaaa-333333333333",
    "detail-type": "Access Analyzer Finding",
    source: "aws.access-analyzer",
    account: "333333333333",
    time: "2026-11-21T01:22:33Z",
    region: "eu-west-1",
    resources: ["arn:aws:access-analyzer:eu-west-1:333333333333:analyzer/example-organization"],
    detail: {
      version: "1.0",
      id: "22222222-dcba-4444-dcba-333333333333",
      status: "ACTIVE",
      resourceType: "AWS::S3::Bucket",
      resource: "arn:aws:s3:::example-payments-prod-data",
      createdAt: "2026-11-20T04:58:50Z",
      analyzedAt: "2026-11-21T01:22:22Z",
      updatedAt: "2026-11-21T01:14:07Z",
      accountId: "444444444444",
      region: "eu-west-1",
      principal: { AWS: "999988887777" },
      action: ["s3:GetObject"],
      condition: {},
      isDeleted: false,
      isPublic: false,
      ...detail,
    },
  };
}

function trustedAdvisorEvent(checkName: string, status: string, bucket = "example-payments-prod-data"): ServiceEvent {
  return {
    version: "0",
    id: "1234abcd-ab12-123a-123a-1234567890ab",
    "detail-type": "Trusted Advisor Check Item Refresh Notification",
    source: "aws.trustedadvisor",
    account: "444444444444",
    time: "2026-11-22T19:38:24Z",
    region: "us-east-1",
    resources: [],
    detail: {
      "check-name": checkName,
      "check-item-detail": {
        "Region Name": "Europe (Ireland)",
        "Region API Parameter": "eu-west-1",
        "Bucket Name": bucket,
        "ACL Allows List": "Yes",
        "ACL Allows Upload/Delete": "No",
        "Policy Allows Access": "No",
        Status: status === "ERROR" ? "Red" : status === "WARN" ? "Yellow" : "Green",
      },
      status,
      resource_id: `arn:aws:s3:::${bucket}`,
      uuid: "aa12345f-55c7-498e-b7ac-123456789012",
    },
  };
}

/** The Trusted Advisor check every support plan has for S3. */
export const TRUSTED_ADVISOR_S3_CHECK = "Amazon S3 Bucket Permissions";

export const SERVICE_FINDINGS: readonly ServiceFinding[] = [
  {
    id: "config-rule-noncompliant",
    title: "AWS Config: a bucket, trail or account broke a baseline rule",
    catches:
      "A rule of the organization's conformance pack (public access, encryption, logging, versioning, TLS, ACLs, CloudTrail) found a resource non-compliant; access-log buckets, which never log by design, are left out of the logging rule.",
    severity: "high",
    service: "config",
    eventPattern: {
      source: ["aws.config"],
      "detail-type": ["Config Rules Compliance Change"],
      detail: {
        messageType: ["ComplianceChangeNotification"],
        newEvaluationResult: { complianceType: ["NON_COMPLIANT"] },
        // Each field once: EventBridge does not merge a field given both outside and
        // inside a $or branch. Any of the pack's rules on a resource that is not an
        // access-log bucket, or any rule but logging on any resource.
        $or: [
          {
            configRuleName: [{ prefix: `${P.namePrefix}-` }],
            resourceId: [{ "anything-but": { prefix: P.accessLogBucketPrefix } }],
          },
          {
            configRuleName: CONFIG_RULES.filter((r) => r.name !== LOGGING_RULE).map((r) => ({
              prefix: `${P.namePrefix}-${r.name}`,
            })),
          },
        ],
      },
    },
    inputPaths: {
      rule: "$.detail.configRuleName",
      resourceType: "$.detail.resourceType",
      resource: "$.detail.resourceId",
      when: "$.detail.newEvaluationResult.resultRecordedTime",
      account: "$.detail.awsAccountId",
      region: "$.detail.awsRegion",
      annotation: "$.detail.newEvaluationResult.annotation",
    },
    message: {
      who: "AWS Config rule <rule>",
      what: "<resourceType> <resource> is NON_COMPLIANT",
      where: "account <account>, <region>",
      how: "<annotation>",
    },
    runbook: {
      meaning:
        "A resource no longer meets the baseline: AWS Config evaluated it against the organization's rules after a change (or on its daily check) and found it non-compliant. The change itself is in CloudTrail; a detection may have fired already.",
      contain: [
        "Open the rule's evaluation in the account's AWS Config console for the exact failing setting (the annotation says it when the rule gives one).",
        "If the resource is a governed bucket, re-apply its baseline stack; the security responder restores Block Public Access, versioning, logging and encryption on its own when the change came through CloudTrail.",
      ],
      recover: [
        "Run the named query public-access-and-policy-changes (or changes-by-principal) for the day to find who changed it.",
        "For an intended exception, tag the bucket with the responder's exception tag and record why.",
      ],
    },
    samples: {
      positive: [
        configEvent(
          "s3-bucket-public-read-prohibited",
          "AWS::S3::Bucket",
          "example-payments-prod-data",
          "NON_COMPLIANT",
        ),
        configEvent("s3-bucket-logging-enabled", "AWS::S3::Bucket", "example-payments-prod-data", "NON_COMPLIANT"),
        configEvent("cloudtrail-log-file-validation", "AWS::::Account", "444444444444", "NON_COMPLIANT"),
        // A log bucket breaking any other rule still matters.
        configEvent(
          "s3-bucket-versioning-enabled",
          "AWS::S3::Bucket",
          "example-s3-access-logs-444444444444-eu-west-1",
          "NON_COMPLIANT",
        ),
      ],
      negative: [
        configEvent("s3-bucket-public-read-prohibited", "AWS::S3::Bucket", "example-payments-prod-data", "COMPLIANT"),
        configEvent(
          "s3-bucket-logging-enabled",
          "AWS::S3::Bucket",
          "example-s3-access-logs-444444444444-eu-west-1",
          "NON_COMPLIANT",
        ),
        // Another team's rule in the same account.
        {
          ...configEvent("s3-bucket-logging-enabled", "AWS::S3::Bucket", "example-payments-prod-data", "NON_COMPLIANT"),
          detail: {
            ...configEvent("x", "AWS::S3::Bucket", "example-payments-prod-data", "NON_COMPLIANT").detail,
            configRuleName: "s3-bucket-logging-enabled-conformance-pack-abcdefgh1",
          },
        },
        configEvent("s3-bucket-logging-enabled", "AWS::S3::Bucket", "example-payments-prod-data", "NOT_APPLICABLE"),
      ],
    },
  },
  {
    id: "access-analyzer-s3-finding",
    title: "IAM Access Analyzer: a bucket is reachable from outside the organization",
    catches:
      "An active Access Analyzer finding on an S3 bucket: its policy, ACL or access point lets an outside account or everyone in. A public finding makes the security responder restore the bucket's Block Public Access.",
    severity: "high",
    service: "accessAnalyzer",
    eventPattern: {
      source: ["aws.access-analyzer"],
      "detail-type": ["Access Analyzer Finding"],
      // A finding with an error says the analyzer could not read the resource, not who can.
      detail: { status: ["ACTIVE"], resourceType: ["AWS::S3::Bucket"], isDeleted: [false], error: [{ exists: false }] },
    },
    inputPaths: {
      principal: "$.detail.principal.AWS",
      action: "$.detail.action[0]",
      resource: "$.detail.resource",
      when: "$.detail.updatedAt",
      account: "$.detail.accountId",
      region: "$.detail.region",
      public: "$.detail.isPublic",
      finding: "$.detail.id",
    },
    message: {
      who: "<principal>",
      what: "<action> (and any other actions of the finding) on <resource>, public: <public>",
      where: "account <account>, <region>",
      how: "finding <finding> of the organization analyzer",
    },
    runbook: {
      meaning:
        "Someone outside the organization (or everyone) can reach the bucket. Access Analyzer reports access that crosses the organization's boundary; the organization's own accounts never appear. A public finding is answered by the security responder, which re-applies Block Public Access unless the bucket is an approved exception.",
      contain: [
        "Read the bucket's policy, ACL and access points; remove the grant to the principal named, or narrow it with a condition.",
        "If the access is intended (a partner account), add the principal to audit.accessAnalyzer.trustedPrincipals: its findings are then archived.",
      ],
      recover: [
        "Run the named query requests-from-outside-organization for the bucket over the days since the finding was created to see what the principal did.",
      ],
    },
    samples: {
      positive: [
        analyzerEvent({}),
        analyzerEvent({ principal: { AWS: "*" }, isPublic: true, action: ["s3:GetObject", "s3:ListBucket"] }),
      ],
      negative: [
        analyzerEvent({ status: "ARCHIVED" }),
        analyzerEvent({ status: "RESOLVED" }),
        analyzerEvent({ resourceType: "AWS::IAM::Role", resource: "arn:aws:iam::444444444444:role/partner" }),
        analyzerEvent({ isDeleted: true }),
        analyzerEvent({ error: "ACCESS_DENIED", principal: undefined, action: undefined }),
      ],
    },
  },
  {
    id: "trusted-advisor-s3-permissions",
    title: "Trusted Advisor: open S3 bucket permissions",
    catches:
      "Trusted Advisor's Amazon S3 Bucket Permissions check warns (list access for everyone) or errors (everyone may upload or delete) on a bucket.",
    severity: "medium",
    service: "trustedAdvisor",
    eventPattern: {
      source: ["aws.trustedadvisor"],
      "detail-type": ["Trusted Advisor Check Item Refresh Notification"],
      // A prefix: AWS's own examples show check names with a trailing space.
      detail: { "check-name": [{ prefix: TRUSTED_ADVISOR_S3_CHECK }], status: ["WARN", "ERROR"] },
    },
    inputPaths: {
      check: "$.detail.check-name",
      resource: "$.detail.resource_id",
      when: "$.time",
      account: "$.account",
      status: "$.detail.status",
    },
    message: {
      who: "Trusted Advisor",
      what: "<check> on <resource>",
      where: "account <account>",
      how: "status <status>",
    },
    runbook: {
      meaning:
        "Trusted Advisor found a bucket whose ACL or policy opens it to everyone. Block Public Access should make this impossible for governed buckets: an ERROR means anyone may write or delete.",
      contain: [
        "Re-apply Block Public Access on the bucket (s3api put-public-access-block) and remove the ACL grant or policy statement that opens it.",
      ],
      recover: [
        "Check the access-log named queries (requests-from-outside-organization, deleted-objects) for the bucket over the period it was open.",
      ],
    },
    samples: {
      positive: [
        trustedAdvisorEvent(TRUSTED_ADVISOR_S3_CHECK, "WARN"),
        trustedAdvisorEvent(TRUSTED_ADVISOR_S3_CHECK, "ERROR"),
      ],
      negative: [
        trustedAdvisorEvent(TRUSTED_ADVISOR_S3_CHECK, "OK"),
        trustedAdvisorEvent("Exposed Access Keys", "ERROR"),
      ],
    },
  },
];

/** A finding's pattern with its placeholders filled in for a deployment's name prefix. */
export function findingPattern(f: ServiceFinding, namePrefix: string): Record<string, unknown> {
  const names = new ResourceNames({ prefix: namePrefix });
  const text = renderPattern(JSON.stringify(f.eventPattern), {
    trailLogGroup: PATTERN_PARAMETERS.trailLogGroup,
    namePrefix,
    accessLogBucketPrefix: names.accessLogBucketPrefix(),
    cloudTrailArchiveBucketPrefix: names.cloudTrailArchiveBucketPrefix(),
  });
  if (text.includes(PATTERN_PARAMETERS.trailLogGroup)) {
    throw new Error(`finding ${f.id}: the trail's log group is not known where findings are routed`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * What the forwarding rules send for the findings: every event of their services'
 * sources and detail types, one pattern branch for all. Coarse on purpose, like the
 * forwarding of CloudTrail events: the exact patterns apply on the central bus, and
 * the forwarding pattern stays inside EventBridge's size limit.
 */
export function findingForwardingPattern(findings: readonly ServiceFinding[]): Record<string, unknown> | undefined {
  if (findings.length === 0) return undefined;
  const values = (key: string) =>
    [...new Set(findings.flatMap((f) => (f.eventPattern[key] as string[] | undefined) ?? []))].sort();
  return { source: values("source"), "detail-type": values("detail-type") };
}

/** The readable SNS message of a finding, in the layout of the detections' notifications. */
export function findingNotificationTemplate(f: ServiceFinding, runbookBaseUrl: string): string {
  return notificationInputTemplate({
    severity: f.severity,
    title: f.title,
    ...f.message,
    runbook: `${runbookBaseUrl}/${f.id}.md`,
  });
}

/** The findings of the services the configuration keeps on. */
export function enabledFindings(enabled: Readonly<Record<AuditService, boolean>>): ServiceFinding[] {
  return SERVICE_FINDINGS.filter((f) => enabled[f.service]);
}
