/**
 * Deterministic names and ARNs shared by stacks in different accounts.
 *
 * Stacks never read each other's remote state: the trail stack in the management
 * account and the archive stack in the log-archive account both derive the archive
 * bucket name, the key alias and the trail ARN from the same few inputs here. A
 * consumer in another repository can use this class to point its own resources at
 * the archive.
 *
 * @example
 * const names = new ResourceNames({ prefix: "example" });
 * names.cloudTrailArchiveBucket("222222222222"); // "example-cloudtrail-archive-222222222222"
 * names.trailArn("eu-west-1", "111111111111", "org-trail");
 * // "arn:aws:cloudtrail:eu-west-1:111111111111:trail/example-org-trail"
 */
import { declaredConfigurationPrefix } from "./security-responder/events";

export interface ResourceNamesProps {
  /** Prefix of every resource name (the organization's short name). */
  readonly prefix: string;
}

/** Names and ARNs in the commercial partition (`arn:aws:`), the only one supported. */
export class ResourceNames {
  readonly prefix: string;

  constructor(props: ResourceNamesProps) {
    this.prefix = props.prefix;
  }

  /** The role Terraform Cloud runs assume with dynamic provider credentials. */
  terraformCloudRunRole(): string {
    return `${this.prefix}-terraform-cloud-run`;
  }

  /** The Terraform Cloud variable set that gives the workspaces AWS credentials. */
  terraformCloudVariableSet(): string {
    return `${this.prefix}-aws-dynamic-credentials`;
  }

  /** The organization trail's name: `<prefix>-<trailName>`. */
  trailName(trailName: string): string {
    return `${this.prefix}-${trailName}`;
  }

  /**
   * The organization trail's ARN. An organization trail is owned by the management
   * account even when a delegated administrator created it, so this is always the
   * management account's ARN.
   */
  trailArn(homeRegion: string, managementAccountId: string, trailName: string): string {
    return `arn:aws:cloudtrail:${homeRegion}:${managementAccountId}:trail/${this.trailName(trailName)}`;
  }

  /** The CloudTrail archive bucket in the log-archive account. */
  cloudTrailArchiveBucket(logArchiveAccountId: string): string {
    return `${this.cloudTrailArchiveBucketPrefix()}${logArchiveAccountId}`;
  }

  /** The prefix every CloudTrail archive bucket name starts with. */
  cloudTrailArchiveBucketPrefix(): string {
    return `${this.prefix}-cloudtrail-archive-`;
  }

  /** The alias of the archive's KMS key. */
  cloudTrailArchiveKeyAlias(): string {
    return `alias/${this.prefix}-cloudtrail-archive`;
  }

  /** The alias ARN of the archive's key: how the trail's account finds the key. */
  cloudTrailArchiveKeyAliasArn(region: string, logArchiveAccountId: string): string {
    return `arn:aws:kms:${region}:${logArchiveAccountId}:${this.cloudTrailArchiveKeyAlias()}`;
  }

  /**
   * The server-access-log bucket of one account and region. Server access logs can
   * only be delivered to a bucket in the source bucket's own account and region.
   */
  accessLogBucket(accountId: string, region: string): string {
    return `${this.accessLogBucketPrefix()}${accountId}-${region}`;
  }

  /** The bucket in the log-archive account that every access-log bucket replicates to. */
  accessLogArchiveBucket(logArchiveAccountId: string): string {
    return `${this.accessLogBucketPrefix()}archive-${logArchiveAccountId}`;
  }

  /** The prefix every access-log bucket name, the archive's included, starts with. */
  accessLogBucketPrefix(): string {
    return `${this.prefix}-s3-access-logs-`;
  }

  /**
   * Name prefixes that cover every bucket holding logs. Declared buckets may not use
   * them, and the trail's S3 data-event selectors exclude them (`NotStartsWith`) so
   * the trail never records its own log writes.
   */
  logBucketPrefixes(): string[] {
    return [this.cloudTrailArchiveBucketPrefix(), this.accessLogBucketPrefix()];
  }

  /** The S3 object ARN prefix of a bucket: what data-event selectors compare against. */
  s3ObjectArnPrefix(bucketNameOrPrefix: string, isNamePrefix = false): string {
    return `arn:aws:s3:::${bucketNameOrPrefix}${isNamePrefix ? "" : "/"}`;
  }

  bucketArn(bucketName: string): string {
    return `arn:aws:s3:::${bucketName}`;
  }

  /** The CloudWatch Logs group the trail streams to. */
  trailLogGroup(trailName: string): string {
    return `${this.prefix}/cloudtrail/${this.trailName(trailName)}`;
  }

  /** The role an access-log bucket replicates with (IAM names are per account). */
  accessLogReplicationRole(region: string): string {
    return `${this.accessLogReplicationRolePrefix()}${region}`;
  }

  accessLogReplicationRolePrefix(): string {
    return `${this.prefix}-s3-access-log-replication-`;
  }

  /** The topic of bucket alarms in each account and region with declared buckets. */
  bucketAlarmTopic(): string {
    return `${this.prefix}-s3-alarms`;
  }

  /** The S3 dashboard of one account. */
  s3Dashboard(accountName: string): string {
    return `${this.prefix}-s3-${accountName}`;
  }

  /** The security responder's function and execution role. */
  securityResponder(): string {
    return `${this.prefix}-security-responder`;
  }

  /** The SSM parameter path under which each bucket's declared configuration is published. */
  declaredConfigurationPrefix(): string {
    return declaredConfigurationPrefix(this.prefix);
  }

  /** The role in every account that the responder assumes. */
  securityRemediationRole(): string {
    return `${this.prefix}-security-remediation`;
  }

  /** The central EventBridge bus for S3 security events. */
  securityEventBus(): string {
    return `${this.prefix}-security-events`;
  }

  securityEventBusArn(region: string, accountId: string): string {
    return `arn:aws:events:${region}:${accountId}:event-bus/${this.securityEventBus()}`;
  }

  /** The SNS topic alarms and detections notify. */
  alarmTopic(): string {
    return `${this.prefix}-security-alarms`;
  }

  /** The rule, and the role (IAM names are global, so one per region), forwarding events. */
  securityEventForwardingRule(): string {
    return `${this.prefix}-forward-security-events`;
  }

  securityEventForwardingRole(region: string): string {
    return `${this.prefix}-forward-security-events-${region}`;
  }

  /** The Glue database of the audit logs (Glue names take underscores, not hyphens). */
  auditLogDatabase(): string {
    return `${this.prefix.replace(/-/g, "_")}_audit_logs`;
  }

  /** The Athena workgroup that queries the audit logs. */
  auditLogWorkgroup(): string {
    return `${this.prefix}-audit-logs`;
  }

  /** The bucket of Athena query results, in the log-archive account. */
  athenaResultsBucket(logArchiveAccountId: string): string {
    return `${this.prefix}-athena-results-${logArchiveAccountId}`;
  }

  /** The role the archive's readers assume to query the logs. */
  logAnalystRole(): string {
    return `${this.prefix}-log-analyst`;
  }

  /** The bucket AWS Config delivers configuration history to, in the log-archive account. */
  configHistoryBucket(logArchiveAccountId: string): string {
    return `${this.prefix}-config-history-${logArchiveAccountId}`;
  }

  /** The role a configuration recorder uses, one per region (IAM names are per account). */
  configRecorderRole(region: string): string {
    return `${this.prefix}-config-recorder-${region}`;
  }

  /** The conformance pack of the organization's S3 and CloudTrail rules. */
  conformancePack(): string {
    return `${this.prefix}-s3-audit`;
  }

  /** The organization analyzer of IAM Access Analyzer in each governed region. */
  accessAnalyzer(): string {
    return `${this.prefix}-organization`;
  }

  /** The role CloudTrail assumes to write into the log group. */
  trailDeliveryRole(): string {
    return `${this.prefix}-cloudtrail-to-cloudwatch-logs`;
  }
}

const IPV4_LIKE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/**
 * Checks a general purpose bucket name against the S3 naming rules and returns every
 * rule it breaks (empty when the name is valid).
 */
export function s3BucketNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) {
    problems.push(`must be 3 to 63 characters long (is ${name.length})`);
  }
  if (!/^[a-z0-9.-]*$/.test(name)) {
    problems.push("may contain only lowercase letters, digits, dots and hyphens");
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    problems.push("must begin and end with a letter or digit");
  }
  if (name.includes("..")) problems.push("must not contain two adjacent dots");
  if (IPV4_LIKE.test(name)) problems.push("must not be formatted as an IP address");
  for (const p of RESERVED_PREFIXES) {
    if (name.startsWith(p)) problems.push(`must not start with the reserved prefix "${p}"`);
  }
  for (const s of RESERVED_SUFFIXES) {
    if (name.endsWith(s)) problems.push(`must not end with the reserved suffix "${s}"`);
  }
  return problems;
}
