import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { CloudtrailOrganizationDelegatedAdminAccount } from "@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import type { OrganizationConfig } from "../config/schema";
import { OrganizationTrail } from "../modules/organization-trail";
import { ResourceNames } from "../modules/naming";
import { AlarmTopic } from "../modules/alarm-topic";
import { HardenedBucket } from "../modules/hardened-bucket";
import { Key, type IKey } from "../modules/references";
import { DetectionAlarms } from "../modules/detection-alarms";
import { DETECTIONS } from "../modules/detections";
import { AccountStack } from "./account-stack";
import { declaredBuckets } from "../config/accounts";
import { topology } from "../config/topology";

/**
 * The service principals whose delegated administrator the audit account becomes,
 * for each audit service the configuration keeps on. Trusted access for each must
 * be enabled in the organization beforehand (a one-time step of the management
 * account, like CloudTrail's).
 */
export function auditServicePrincipals(config: OrganizationConfig): string[] {
  return [
    ...(config.audit.config.enabled ? ["config-multiaccountsetup.amazonaws.com"] : []),
    ...(config.audit.accessAnalyzer.enabled ? ["access-analyzer.amazonaws.com"] : []),
  ];
}

/**
 * The CloudTrail archive key of the log-archive account, read by its alias with the
 * enclosing stack's credentials (its key policy lets every account of the
 * organization describe it), as a key by its ARN: CloudTrail stores key ARNs, so an
 * alias ARN would show a change on every plan. The read fails until the log-archive
 * stack is applied.
 */
export function lookupArchiveKey(scope: Construct, config: OrganizationConfig, region: string): IKey {
  const names = new ResourceNames({ prefix: config.organization.name });
  const key = new DataAwsKmsKey(scope, "archive-key", {
    keyId: names.cloudTrailArchiveKeyAliasArn(region, config.accounts.logArchive.id),
  });
  return Key.fromArn(key.arn);
}

/**
 * The organization trail, in the management account or, when configured, in the
 * CloudTrail delegated administrator account (home region). With a delegated
 * administrator, this stack also registers it, through a provider for the management
 * account; it registers the audit stack's account as delegated administrator of AWS
 * Config and IAM Access Analyzer likewise.
 *
 * Every detection of the catalog gets a metric filter and an alarm on the trail's log
 * group, notifying an encrypted SNS topic in this account.
 *
 * The archive key's ARN is read from its alias ARN with this stack's own credentials:
 * the key policy lets this account describe the key, and nothing more, so the trail's
 * pipeline holds no role in the log-archive account. CloudTrail stores the key ARN,
 * so configuring the alias ARN would show a change on every plan. This is a read, not
 * remote state; it also makes a plan fail clearly when log-archive is not deployed.
 */
export class OrgTrailStack extends AccountStack {
  readonly trail: OrganizationTrail;
  readonly alarmTopic: AlarmTopic;
  readonly detections: DetectionAlarms;

  constructor(scope: Construct, id: string, config: OrganizationConfig) {
    const { homeRegion: region, managementAccountId: management, trailAccountId: accountId } = topology(config);
    super(scope, id, { config, accountId, region });
    const names = this.names;
    const logArchive = config.accounts.logArchive.id;

    // Registrations are the management account's to make.
    const managementProvider =
      accountId === management ? this.provider : this.awsProvider("management", management, region);
    let registration: CloudtrailOrganizationDelegatedAdminAccount | undefined;
    if (accountId !== management) {
      registration = new CloudtrailOrganizationDelegatedAdminAccount(this, "delegated-administrator", {
        provider: managementProvider,
        accountId,
      });
    }
    // The audit stack's account administers AWS Config rules and Access Analyzer for
    // the organization; the management account needs no registration of itself.
    const auditAccount = this.topology.securityEventsAccountId;
    if (auditAccount !== management) {
      for (const principal of auditServicePrincipals(config)) {
        new OrganizationsDelegatedAdministrator(this, `delegated-administrator-${principal.split(".")[0]}`, {
          provider: managementProvider,
          accountId: auditAccount,
          servicePrincipal: principal,
        });
      }
    }

    this.trail = new OrganizationTrail(this, "organization-trail", {
      trailName: names.trailName(config.trail.name),
      archiveBucket: HardenedBucket.fromName(names.cloudTrailArchiveBucket(logArchive)),
      key: lookupArchiveKey(this, config, region),
      cloudWatchLogs: {
        logGroupName: names.trailLogGroup(config.trail.name),
        deliveryRoleName: names.trailDeliveryRole(),
        retentionDays: config.trail.cloudWatchLogsRetentionDays,
        kmsEncryption: config.trail.cloudWatchLogsKms,
      },
      dataEvents: {
        defaultMode: config.trail.dataEvents,
        buckets: declaredBuckets(config)
          .filter((b) => b.dataEvents !== undefined)
          .map((b) => ({ bucketName: b.name, mode: b.dataEvents! })),
        excludedArnPrefixes: names.logBucketPrefixes().map((p) => names.s3ObjectArnPrefix(p, true)),
      },
      dependsOn: registration ? [registration] : [],
    });

    this.alarmTopic = new AlarmTopic(this, "alarm-topic", {
      topicName: names.alarmTopic(),
      emails: config.notifications.emails,
      httpsEndpoints: config.notifications.httpsEndpoints,
    });
    this.detections = new DetectionAlarms(this, "detections", {
      detections: DETECTIONS,
      logGroupName: this.trail.logGroup.name,
      topic: this.alarmTopic,
      namePrefix: config.organization.name,
      runbookBaseUrl: config.notifications.runbookBaseUrl,
    });

    new TerraformOutput(this, "trail_arn", { value: this.trail.trail.arn });
    new TerraformOutput(this, "log_group_name", { value: this.trail.logGroup.name });
  }
}
