import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { kmsAdministration, kmsForLogGroups, policyDocument } from "../iam";
import { organizationTrailSelectors, type DataEventSelectionProps } from "./event-selectors";
import { environmentOf } from "../environment";
import type { IBucket, IKey } from "../references";
import { ORGANIZATION_TRAIL_DEFAULTS } from "./defaults";

export * from "./event-selectors";
export * from "./defaults";

export interface TrailCloudWatchLogsProps {
  /** Name of the log group the trail streams to. */
  readonly logGroupName: string;
  /** Name of the role CloudTrail assumes to write into the log group. */
  readonly deliveryRoleName: string;
  /**
   * Retention of the log group, in days (a value CloudWatch Logs offers).
   * @default `ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsRetentionDays` (a year)
   */
  readonly retentionDays?: number;
  /**
   * Encrypt the log group with a new customer managed key (rotation on). `false`
   * leaves it with CloudWatch Logs' service-owned encryption, which is weaker and
   * must be chosen explicitly.
   * @default `ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsKms` (true)
   */
  readonly kmsEncryption?: boolean;
}

export interface OrganizationTrailProps {
  /** The trail's full name. */
  readonly trailName: string;
  /** The account it deploys into. @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it) */
  readonly accountId?: string;
  /** The region it deploys into. @default the enclosing scope's region (see `setEnvironment`; `AccountStack` sets it) */
  readonly region?: string;
  /** Archive bucket in the log-archive account: `HardenedBucket.fromName`. */
  readonly archiveBucket: IBucket;
  /**
   * The archive's KMS key, by its key ARN. Not an alias ARN: CloudTrail stores the key
   * ARN, so an alias would show a change on every plan. In another account, read it
   * from the alias with a data source (`lookupArchiveKey` in `s3-audit-baseline/stacks`).
   */
  readonly key: IKey;
  /**
   * Record every account of the organization.
   * @default true
   */
  readonly isOrganizationTrail?: boolean;
  /** CloudWatch Logs streaming. */
  readonly cloudWatchLogs: TrailCloudWatchLogsProps;
  /** Management events are always recorded; this selects the S3 data events. */
  readonly dataEvents: DataEventSelectionProps;
  /**
   * Resources the trail must wait for, such as the delegated-administrator registration.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An organization trail: multi-region, global service events, log file validation,
 * encrypted with the archive's key, streaming into an encrypted CloudWatch Logs group
 * through a role that can write to that group only, and recording S3 data events by
 * advanced event selectors that exclude every log bucket.
 *
 * @example
 * // in an AccountStack of the management account (111111111111), eu-west-1
 * const archiveKey = new DataAwsKmsKey(this, "archive-key", {
 *   keyId: "arn:aws:kms:eu-west-1:222222222222:alias/example-cloudtrail-archive",
 * });
 * new OrganizationTrail(this, "trail", {
 *   trailName: "example-org-trail",
 *   archiveBucket: HardenedBucket.fromName("example-cloudtrail-archive-222222222222"),
 *   key: Key.fromArn(archiveKey.arn),
 *   cloudWatchLogs: {
 *     logGroupName: "example/cloudtrail/example-org-trail",
 *     deliveryRoleName: "example-cloudtrail-to-cloudwatch-logs",
 *     retentionDays: 365,
 *     kmsEncryption: true,
 *   },
 *   dataEvents: {
 *     defaultMode: "write",
 *     buckets: [{ bucketName: "example-payments-prod-data", mode: "readWrite" }],
 *     excludedArnPrefixes: ["arn:aws:s3:::example-cloudtrail-archive-", "arn:aws:s3:::example-s3-access-logs-"],
 *   },
 * });
 */
export class OrganizationTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly deliveryRole: IamRole;
  readonly logGroupKey?: KmsKey;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const { accountId, region } = environmentOf(this, props);
    const cw = props.cloudWatchLogs;
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${cw.logGroupName}`;

    if (cw.kmsEncryption ?? ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsKms) {
      this.logGroupKey = new KmsKey(this, "log-group-key", {
        description: `Encrypts the CloudWatch Logs group ${cw.logGroupName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        lifecycle: { preventDestroy: true },
        policy: policyDocument([kmsAdministration(accountId), kmsForLogGroups(region, accountId, [cw.logGroupName])]),
      });
    }

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: cw.logGroupName,
      retentionInDays: cw.retentionDays ?? ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsRetentionDays,
      kmsKeyId: this.logGroupKey?.arn,
      lifecycle: { preventDestroy: true },
    });

    this.deliveryRole = new IamRole(this, "delivery-role", {
      name: cw.deliveryRoleName,
      description: `Lets the trail ${props.trailName} write to ${cw.logGroupName}`,
      assumeRolePolicy: policyDocument([
        // No aws:SourceArn or aws:SourceAccount: CloudTrail does not support them in
        // this role's trust policy, and CreateTrail then rejects the role.
        { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    const deliveryPolicy = new IamRolePolicy(this, "delivery-policy", {
      role: this.deliveryRole.id,
      name: "write-trail-log-group",
      policy: policyDocument([
        {
          Sid: "WriteTrailLogStreams",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroupArn}:log-stream:*`,
        },
      ]),
    });

    this.trail = new Cloudtrail(this, "trail", {
      name: props.trailName,
      s3BucketName: props.archiveBucket.bucketName,
      kmsKeyId: props.key.keyArn,
      isOrganizationTrail: props.isOrganizationTrail ?? true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.deliveryRole.arn,
      advancedEventSelector: organizationTrailSelectors(props.dataEvents),
      // CloudTrail checks at creation that the role can write to the group.
      dependsOn: [deliveryPolicy, ...(props.dependsOn ?? [])],
    });
  }
}
