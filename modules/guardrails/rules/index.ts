import type { GuardrailRule } from "../types";
import { athenaWorkgroupEnforced } from "./athena-workgroup-enforced";
import { auditLogRetained } from "./audit-log-retained";
import { cloudTrailDataEventsExcludeLogs } from "./cloudtrail-data-events-exclude-logs";
import { cloudTrailKms } from "./cloudtrail-kms";
import { cloudTrailLogFileValidation } from "./cloudtrail-log-file-validation";
import { cloudTrailMultiRegion } from "./cloudtrail-multi-region";
import { iamNoUnconditionedWriteEverywhere } from "./iam-no-unconditioned-write-everywhere";
import { iamNoWildcardAction } from "./iam-no-wildcard-action";
import { logGroupRetention } from "./log-group-retention";
import { policySizeLimits } from "./policy-size-limits";
import { sameStackReference } from "./same-stack-reference";
import { s3PolicyNotPublic } from "./s3-policy-not-public";
import { supportedConditions } from "./supported-conditions";
import { s3AccessLogTarget } from "./s3-access-log-target";
import { s3AccessLogging } from "./s3-access-logging";
import { s3AclsDisabled } from "./s3-acls-disabled";
import { s3BlockPublicAccess } from "./s3-block-public-access";
import { s3DefaultEncryption } from "./s3-default-encryption";
import { s3LoggingNoCycle } from "./s3-logging-no-cycle";
import { s3LoggingNotToItself } from "./s3-logging-not-to-itself";
import { s3LoggingSingle } from "./s3-logging-single";
import { s3TlsOnly } from "./s3-tls-only";
import { s3Versioning } from "./s3-versioning";
import { snsTopicCmk } from "./sns-topic-cmk";

export {
  athenaWorkgroupEnforced,
  auditLogRetained,
  cloudTrailDataEventsExcludeLogs,
  cloudTrailKms,
  cloudTrailLogFileValidation,
  cloudTrailMultiRegion,
  iamNoUnconditionedWriteEverywhere,
  iamNoWildcardAction,
  logGroupRetention,
  policySizeLimits,
  sameStackReference,
  s3PolicyNotPublic,
  supportedConditions,
  s3AccessLogTarget,
  s3AccessLogging,
  s3AclsDisabled,
  s3BlockPublicAccess,
  s3DefaultEncryption,
  s3LoggingNoCycle,
  s3LoggingNotToItself,
  s3LoggingSingle,
  s3TlsOnly,
  s3Versioning,
  snsTopicCmk,
};

/** The project's rule pack: every rule, applied to every stack by `Guardrails`. */
export const BASELINE_RULES: readonly GuardrailRule[] = [
  s3BlockPublicAccess,
  s3DefaultEncryption,
  s3Versioning,
  s3AclsDisabled,
  s3TlsOnly,
  s3AccessLogging,
  s3LoggingNotToItself,
  s3LoggingSingle,
  s3LoggingNoCycle,
  s3AccessLogTarget,
  auditLogRetained,
  cloudTrailLogFileValidation,
  cloudTrailKms,
  cloudTrailMultiRegion,
  cloudTrailDataEventsExcludeLogs,
  snsTopicCmk,
  logGroupRetention,
  iamNoWildcardAction,
  iamNoUnconditionedWriteEverywhere,
  s3PolicyNotPublic,
  sameStackReference,
  policySizeLimits,
  supportedConditions,
  athenaWorkgroupEnforced,
];
