// The public API of s3-audit-baseline: the package root and `s3-audit-baseline/modules`.
// Values are listed one by one, so that nothing becomes public by accident (a test
// compares this list with what the package exports); every type of these modules is
// exported, since types cost nothing at run time and props need them.

// Constructs
export { AccessLogBucket } from "./access-log-bucket";
export { AccessLogProcessor } from "./access-log-processor";
export { AlarmTopic } from "./alarm-topic";
export { BaselineFunction } from "./baseline-function";
export { BucketBaseline } from "./bucket-baseline";
export { CloudTrailArchive } from "./cloudtrail-archive";
export { ConfigRecorder, OrganizationConformancePack } from "./config-rules";
export { DetectionAlarms } from "./detection-alarms";
export { HardenedBucket } from "./hardened-bucket";
export { LogAnalystRole, LogAnalytics } from "./log-analytics";
export { OrganizationAccessAnalyzer } from "./access-analyzer";
export { OrganizationTrail } from "./organization-trail";
export { S3Dashboard } from "./s3-dashboard";
export { SecurityEventBus, SecurityEventForwarding } from "./security-events";
export { SecurityRemediationRole, SecurityResponder } from "./security-responder";
export { releaseWithoutDestroying } from "./release";
export { Key } from "./references";

// Defaults the constructs document, which the configuration takes too
export { ACCESS_LOG_BUCKET_DEFAULTS } from "./access-log-bucket";
export { CLOUDTRAIL_ARCHIVE_DEFAULTS } from "./cloudtrail-archive";
export { DEFAULT_LOG_RETENTION_DAYS } from "./defaults";
export { LOG_ANALYTICS_DEFAULTS } from "./log-analytics";
export { ORGANIZATION_TRAIL_DEFAULTS } from "./organization-trail";
export { RESPONDER_DEFAULTS } from "./security-responder";

// Names, environments and policies shared across accounts
export { ResourceNames, s3BucketNameProblems } from "./naming";
export { accountOf, environmentOf, regionOf, setEnvironment } from "./environment";
export { policyDocument } from "./iam";
export { FrameworkMismatchError } from "./framework";
export { organizationTrailSelectors } from "./organization-trail";
export { namedQueries, ACCESS_LOG_TABLE, CLOUDTRAIL_TABLE } from "./log-analytics";

// The guardrails: the rule pack, the aspect that runs it, and the pieces to write a rule
export {
  BASELINE_RULES,
  GuardrailError,
  Guardrails,
  StackView,
  assertGuardrails,
  checkStack,
  compliant,
  evaluateGuardrails,
  formatViolation,
  nonCompliant,
  notApplicable,
  suppressGuardrail,
} from "./guardrails";

// The detection catalog, the audit services' findings and the filter-pattern evaluator
export {
  CIS_DETECTIONS,
  DATA_DETECTIONS,
  DETECTIONS,
  FilterPatternError,
  IDENTITY_DETECTIONS,
  PIPELINE_DETECTIONS,
  S3_DETECTIONS,
  SERVICE_FINDINGS,
  enabledFindings,
  matchesFilterPattern,
  parseFilterPattern,
} from "./detections";

export type * from "./access-analyzer";
export type * from "./access-log-bucket";
export type * from "./access-log-processor";
export type * from "./alarm-topic";
export type * from "./baseline-function";
export type * from "./bucket-baseline";
export type * from "./cloudtrail-archive";
export type * from "./config-rules";
export type * from "./detection-alarms";
export type * from "./detections";
export type * from "./environment";
export type * from "./framework";
export type * from "./guardrails";
export type * from "./hardened-bucket";
export type * from "./iam";
export type * from "./log-analytics";
export type * from "./naming";
export type * from "./organization-trail";
export type * from "./references";
export type * from "./release";
export type * from "./s3-dashboard";
export type * from "./security-events";
export type * from "./security-responder";
