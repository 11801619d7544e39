import { Construct } from "constructs";
import { TerraformDataSource, TerraformResource, type TerraformProvider } from "cdktf";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { releaseWithoutDestroying } from "../modules/release";
import type { AccountConfig, BucketConfig, OrganizationConfig, ReleasedBucketConfig } from "../config/schema";
import { topology, type Topology } from "../config/topology";
import { AccessLogBucket, type IAccessLogTarget } from "../modules/access-log-bucket";
import { AlarmTopic } from "../modules/alarm-topic";
import { Key } from "../modules/references";
import { HardenedBucket } from "../modules/hardened-bucket";
import { BucketBaseline } from "../modules/bucket-baseline";
import { DETECTIONS } from "../modules/detections";
import { S3Dashboard } from "../modules/s3-dashboard";
import { SecurityEventForwarding } from "../modules/security-events";
import { RESPONDER_EVENT_NAMES, SecurityRemediationRole, SecurityResponder } from "../modules/security-responder";
import { AccountStack } from "./account-stack";
import { ResourceNames } from "../modules/naming";
import { auditFindings } from "./security-events-stack";
import { ConfigRecorder } from "../modules/config-rules";
import { setEnvironment } from "../modules/environment";

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
    const defaultRegion = list.length === 1 ? list[0] : topology(config).homeRegion;
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

/**
 * One region of an account's baseline, built into `scope` (see AccountBaselineStack).
 * What the region holds is the topology's decision (`Topology.baselineRegion`); each
 * kind of resource is one step below, taken when that decision asks for it.
 */
export class RegionBaseline {
  readonly region: string;
  readonly forwarding: SecurityEventForwarding;
  readonly remediationRole?: SecurityRemediationRole;
  readonly accessLogs?: AccessLogBucket;
  readonly configRecorder?: ConfigRecorder;
  readonly buckets: BucketBaseline[] = [];
  /** Addresses of released buckets' resources, now `removed` blocks. */
  readonly released: string[] = [];
  readonly dashboard?: S3Dashboard;

  private readonly names: ResourceNames;
  private readonly topology: Topology;

  /**
   * @param provider the AWS provider for `region` when it is not the stack's default,
   * named by the import of an existing bucket (the caller points every resource
   * under `scope` at it).
   */
  constructor(
    private readonly scope: Construct,
    private readonly config: OrganizationConfig,
    private readonly account: AccountConfig,
    region: string,
    private readonly provider?: TerraformProvider,
  ) {
    this.region = region;
    this.names = new ResourceNames({ prefix: config.organization.name });
    this.topology = topology(config);
    const plan = this.topology.baselineRegion(account, region);

    this.forwarding = this.forwardSecurityEvents();
    if (plan.home) this.remediationRole = this.accountWideControls();
    if (plan.governed) {
      const accessLogs = plan.accessLogBucketInLogArchiveStack
        ? AccessLogBucket.fromName(this.accessLogBucketName)
        : (this.accessLogs = this.accessLogBucket());
      if (config.audit.config.enabled && config.audit.config.createRecorders) {
        this.configRecorder = this.recorder();
      }
      this.buckets.push(...this.bucketBaselines(plan.buckets, accessLogs));
      this.released.push(...this.releasedBuckets(plan.releasedBuckets));
    }
    if (plan.home && account.buckets.length > 0) this.dashboard = this.s3Dashboard();
  }

  /** The account's access-log bucket for this region, created here or by the log-archive stack. */
  private get accessLogBucketName(): string {
    return this.names.accessLogBucket(this.account.id, this.region);
  }

  /** Every region: S3 security events and the audit services' findings, to the central bus. */
  private forwardSecurityEvents(): SecurityEventForwarding {
    const { homeRegion, securityEventsAccountId } = this.topology;
    return new SecurityEventForwarding(this.scope, "security-event-forwarding", {
      centralBusArn: this.names.securityEventBusArn(homeRegion, securityEventsAccountId),
      detections: DETECTIONS,
      additionalS3EventNames: RESPONDER_EVENT_NAMES,
      findings: auditFindings(this.config),
      ruleName: this.names.securityEventForwardingRule(),
      roleName: this.names.securityEventForwardingRole(this.region),
    });
  }

  /** The home region, once per account: the role the responder assumes, and account-level Block Public Access. */
  private accountWideControls(): SecurityRemediationRole {
    // IAM is global: one role per account, trusting the responder's role.
    const role = new SecurityRemediationRole(this.scope, "security-remediation-role", {
      roleName: this.names.securityRemediationRole(),
      responderRoleArn: SecurityResponder.roleArn(
        this.topology.securityEventsAccountId,
        this.names.securityResponder(),
      ),
      declaredConfigurationPrefix: this.names.declaredConfigurationPrefix(),
    });
    new S3AccountPublicAccessBlock(this.scope, "account-public-access-block", {
      accountId: this.account.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    return role;
  }

  /** A governed region: the account's access-log bucket, replicated to the access-log archive. */
  private accessLogBucket(): AccessLogBucket {
    const logArchive = this.topology.logArchiveAccountId;
    return new AccessLogBucket(this.scope, "access-logs", {
      bucketName: this.accessLogBucketName,
      expirationDays: this.config.archive.accessLogExpirationDays,
      replication: {
        destination: HardenedBucket.fromName(this.names.accessLogArchiveBucket(logArchive)),
        destinationAccountId: logArchive,
        roleName: this.names.accessLogReplicationRole(this.region),
      },
    });
  }

  /** A governed region, when asked for: AWS Config rules evaluate only where a recorder records. */
  private recorder(): ConfigRecorder {
    return new ConfigRecorder(this.scope, "config-recorder", {
      roleName: this.names.configRecorderRole(this.region),
      deliveryBucketName: this.names.configHistoryBucket(this.topology.logArchiveAccountId),
    });
  }

  /** A governed region: the baseline of every bucket declared there, alarming to one topic. */
  private bucketBaselines(buckets: readonly BucketConfig[], accessLogs: IAccessLogTarget): BucketBaseline[] {
    if (buckets.length === 0) return [];
    const config = this.config;
    const topic = new AlarmTopic(this.scope, "bucket-alarm-topic", {
      topicName: this.names.bucketAlarmTopic(),
      emails: config.notifications.emails,
      httpsEndpoints: config.notifications.httpsEndpoints,
    });
    return buckets.map(
      (b) =>
        new BucketBaseline(this.scope, b.name, {
          bucketName: b.name,
          accessLogs,
          encryption: b.encryption,
          kmsKey: b.kmsKeyArn === undefined ? undefined : Key.fromArn(b.kmsKeyArn),
          existing: b.existing,
          importProvider: this.provider,
          policyStatements: b.policyStatements,
          lifecycleRules: b.lifecycleRules.map(lifecycleRule),
          noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays,
          alarms: b.alarms,
          alarmTopic: topic,
          namePrefix: config.organization.name,
        }),
    );
  }

  /**
   * A governed region: a released bucket keeps everything in AWS; Terraform only
   * forgets it. The baseline is built as it could have been (with its own key) to
   * name every address it may have had.
   */
  private releasedBuckets(released: readonly ReleasedBucketConfig[]): string[] {
    return released.flatMap((r) =>
      releaseWithoutDestroying(
        this.scope,
        r.name,
        (scope, id) =>
          new BucketBaseline(scope, id, {
            bucketName: r.name,
            accessLogs: AccessLogBucket.fromName(this.accessLogBucketName),
            encryption: "SSE-KMS",
            // Only the addresses are read: no value of this build is rendered.
            alarmTopic: AlarmTopic.fromArn(this.names.bucketAlarmTopic()),
            namePrefix: this.config.organization.name,
          }),
      ),
    );
  }

  /** The home region, when the account declares buckets: one dashboard of all of them. */
  private s3Dashboard(): S3Dashboard {
    return new S3Dashboard(this.scope, "s3-dashboard", {
      dashboardName: this.names.s3Dashboard(this.account.name),
      buckets: this.account.buckets.map((b) => ({
        bucketName: b.name,
        region: this.topology.bucketRegion(b),
      })),
    });
  }
}
