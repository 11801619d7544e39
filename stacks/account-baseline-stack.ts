import { Construct } from "constructs";
import { TerraformDataSource, TerraformResource, type TerraformProvider } from "cdktf";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { releaseWithoutDestroying } from "../modules/release";
import type { AccountConfig, BucketConfig, OrganizationConfig } from "../config/schema";
import { AccessLogBucket, type IAccessLogTarget } from "../modules/access-log-bucket";
import { AlarmTopic } from "../modules/alarm-topic";
import { Key } from "../modules/references";
import { HardenedBucket } from "../modules/hardened-bucket";
import { BucketBaseline } from "../modules/bucket-baseline";
import { DETECTIONS } from "../modules/detections";
import { S3Dashboard } from "../modules/s3-dashboard";
import { SecurityEventForwarding } from "../modules/security-events";
import { RESPONDER_EVENT_NAMES, SecurityRemediationRole } from "../modules/security-responder";
import { AccountStack } from "./account-stack";
import { ResourceNames } from "../modules/naming";
import { auditFindings, securityEventsAccountId } from "./security-events-stack";
import { ConfigRecorder } from "../modules/config-rules";
import { setEnvironment } from "../modules/environment";

/**
 * Regions where an account has a baseline stack: every governed region, and
 * us-east-1, where events of global services are delivered (there, only forwarding).
 */
export function forwardingRegions(config: OrganizationConfig): string[] {
  return [...new Set([...config.organization.regions, "us-east-1"])];
}

/** The region a declared or released bucket lives in. */
export function bucketRegion(config: OrganizationConfig, bucket: { readonly region?: string }): string {
  return bucket.region ?? config.organization.homeRegion;
}

/** A lifecycle rule of the configuration, in the provider's terms. */
export function lifecycleRule(r: BucketConfig["lifecycleRules"][number]): S3BucketLifecycleConfigurationRule {
  return {
    id: r.id,
    status: "Enabled",
    filter: [{ prefix: r.prefix }],
    expiration: r.expirationDays === undefined ? undefined : [{ days: r.expirationDays }],
    transition: r.transitions?.map((t) => ({ days: t.days, storageClass: t.storageClass })),
  };
}

/**
 * The baseline of one account, `baseline-<account>-<region>` for one region (stack
 * layout `account-region`), or `baseline-<account>` for all of them (layout
 * `account`, each region under its own construct and AWS provider). In each region:
 * - S3 security events and the audit services' findings forwarded to the central bus;
 * - in a governed region: the account's access-log bucket for the region, replicated
 *   to the access-log archive (for the log-archive account's home region the
 *   log-archive stack holds that bucket), and the baseline of every declared bucket
 *   of the region, with an alarm topic for their alarms, and (when the config asks
 *   for it) an AWS Config recorder;
 * - in the home region: account-level Block Public Access, the role the security
 *   responder assumes here, and the account's S3 dashboard.
 */
export class AccountBaselineStack extends AccountStack {
  /** Each region's baseline, in the order of `regions`. */
  readonly regions: RegionBaseline[];

  /**
   * @param regions one region (its resources sit directly in the stack, through the
   * default provider), or several (each under a construct `region-<region>`,
   * through a provider for it; the home region's is the default provider).
   */
  constructor(
    scope: Construct,
    id: string,
    config: OrganizationConfig,
    account: AccountConfig,
    regions: string | readonly string[],
  ) {
    const list = typeof regions === "string" ? [regions] : [...regions];
    const home = config.organization.homeRegion;
    const defaultRegion = list.length === 1 ? list[0] : home;
    super(scope, id, { config, accountId: account.id, region: defaultRegion });
    this.regions = list.map((region) => {
      if (typeof regions === "string") return new RegionBaseline(this, config, account, region);
      const provider = region === defaultRegion ? undefined : this.awsProvider(region, account.id, region);
      const regionScope = new Construct(this, `region-${region}`);
      setEnvironment(regionScope, { region });
      const baseline = new RegionBaseline(regionScope, config, account, region, provider);
      if (provider) useProvider(regionScope, provider);
      return baseline;
    });
  }

  get buckets(): BucketBaseline[] {
    return this.regions.flatMap((r) => r.buckets);
  }

  get released(): string[] {
    return this.regions.flatMap((r) => r.released);
  }
}

/** Points every resource and data source under `scope` that names no provider at `provider`. */
function useProvider(scope: Construct, provider: TerraformProvider): void {
  for (const c of scope.node.findAll()) {
    if ((c instanceof TerraformResource || c instanceof TerraformDataSource) && !c.provider) c.provider = provider;
  }
}

/** One region of an account's baseline, built into `scope` (see AccountBaselineStack). */
export class RegionBaseline {
  readonly region: string;
  readonly forwarding: SecurityEventForwarding;
  readonly accessLogs?: AccessLogBucket;
  readonly buckets: BucketBaseline[] = [];
  /** Addresses of released buckets' resources, now `removed` blocks. */
  readonly released: string[] = [];

  /**
   * @param provider the AWS provider for `region` when it is not the stack's default,
   * named by the import of an existing bucket (the caller points every resource
   * under `scope` at it).
   */
  constructor(
    scope: Construct,
    config: OrganizationConfig,
    account: AccountConfig,
    region: string,
    provider?: TerraformProvider,
  ) {
    this.region = region;
    const names = new ResourceNames({ prefix: config.organization.name });
    const home = config.organization.homeRegion;
    const logArchive = config.accounts.logArchive.id;

    this.forwarding = new SecurityEventForwarding(scope, "security-event-forwarding", {
      centralBusArn: names.securityEventBusArn(home, securityEventsAccountId(config)),
      detections: DETECTIONS,
      additionalS3EventNames: RESPONDER_EVENT_NAMES,
      findings: auditFindings(config),
      ruleName: names.securityEventForwardingRule(),
      roleName: names.securityEventForwardingRole(region),
    });

    if (region === home) {
      // IAM is global: the role the security responder assumes, once per account.
      new SecurityRemediationRole(scope, "security-remediation-role", {
        roleName: names.securityRemediationRole(),
        responderRoleArn: `arn:aws:iam::${securityEventsAccountId(config)}:role/${names.securityResponder()}`,
        declaredConfigurationPrefix: names.declaredConfigurationPrefix(),
      });
      new S3AccountPublicAccessBlock(scope, "account-public-access-block", {
        accountId: account.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    if (!config.organization.regions.includes(region as never)) return;

    const accessLogBucketName = names.accessLogBucket(account.id, region);
    // The log-archive account's home-region access-log bucket is the log-archive
    // stack's, deployed before this one: the one target reached by name.
    let accessLogs: IAccessLogTarget;
    if (account.id === logArchive && region === home) {
      accessLogs = AccessLogBucket.fromName(accessLogBucketName);
    } else {
      accessLogs = this.accessLogs = new AccessLogBucket(scope, "access-logs", {
        bucketName: accessLogBucketName,
        expirationDays: config.archive.accessLogExpirationDays,
        replication: {
          destination: HardenedBucket.fromName(names.accessLogArchiveBucket(logArchive)),
          destinationAccountId: logArchive,
          roleName: names.accessLogReplicationRole(region),
        },
      });
    }

    // AWS Config rules evaluate only where a recorder records.
    if (config.audit.config.enabled && config.audit.config.createRecorders) {
      new ConfigRecorder(scope, "config-recorder", {
        roleName: names.configRecorderRole(region),
        deliveryBucketName: names.configHistoryBucket(logArchive),
      });
    }

    const here = account.buckets.filter((b) => bucketRegion(config, b) === region);
    if (here.length > 0) {
      const topic = new AlarmTopic(scope, "bucket-alarm-topic", {
        topicName: names.bucketAlarmTopic(),
        emails: config.notifications.emails,
        httpsEndpoints: config.notifications.httpsEndpoints,
      });
      for (const b of here) {
        this.buckets.push(
          new BucketBaseline(scope, b.name, {
            bucketName: b.name,
            accessLogs,
            encryption: b.encryption,
            kmsKey: b.kmsKeyArn === undefined ? undefined : Key.fromArn(b.kmsKeyArn),
            existing: b.existing,
            importProvider: provider,
            policyStatements: b.policyStatements,
            lifecycleRules: b.lifecycleRules.map(lifecycleRule),
            noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays,
            alarms: b.alarms,
            alarmTopic: topic,
            namePrefix: config.organization.name,
          }),
        );
      }
    }

    // A released bucket keeps everything in AWS; Terraform only forgets it. The
    // baseline is built as it could have been (with its own key) to name every
    // address it may have had.
    for (const r of account.releasedBuckets.filter((b) => bucketRegion(config, b) === region)) {
      this.released.push(
        ...releaseWithoutDestroying(
          scope,
          r.name,
          (scope, id) =>
            new BucketBaseline(scope, id, {
              bucketName: r.name,
              accessLogs: AccessLogBucket.fromName(accessLogBucketName),
              encryption: "SSE-KMS",
              // Only the addresses are read: no value of this build is rendered.
              alarmTopic: AlarmTopic.fromArn(names.bucketAlarmTopic()),
              namePrefix: config.organization.name,
            }),
        ),
      );
    }

    if (region === home && account.buckets.length > 0) {
      new S3Dashboard(scope, "s3-dashboard", {
        dashboardName: names.s3Dashboard(account.name),
        buckets: account.buckets.map((b) => ({ bucketName: b.name, region: bucketRegion(config, b) })),
      });
    }
  }
}
