/**
 * Where the organization's resources go: every decision about an account or a region
 * that the stacks make, taken once from the configuration. A stack asks the topology
 * which account it deploys into and what an account's baseline holds in a region; it
 * never compares regions or picks accounts itself.
 */
import { declaredAccounts } from "./accounts";
import type { AccountConfig, BucketConfig, OrganizationConfig, ReleasedBucketConfig } from "./schema";

/**
 * The region where AWS delivers the events of global services (IAM, STS, S3's
 * account-level calls through the global endpoint, Trusted Advisor) to EventBridge.
 * Every account forwards security events from it, governed or not.
 */
export const GLOBAL_EVENTS_REGION = "us-east-1";

/** What an account's baseline holds in one region. */
export interface BaselineRegion {
  readonly region: string;
  /**
   * The home region: the account-wide resources live here once (the role the
   * security responder assumes, account-level Block Public Access, the S3 dashboard).
   */
  readonly home: boolean;
  /**
   * A governed region: the account's access-log bucket for it, the baselines of the
   * buckets declared there and, when asked for, an AWS Config recorder. In a region
   * that is not governed (the global-events region, when it is not) the baseline
   * only forwards security events.
   */
  readonly governed: boolean;
  /**
   * The account's access-log bucket for this region is the log-archive stack's (the
   * log-archive account's home region), deployed before the baselines; otherwise a
   * governed region's baseline creates its own.
   */
  readonly accessLogBucketInLogArchiveStack: boolean;
  /** The account's buckets declared in this region (none outside governed regions). */
  readonly buckets: readonly BucketConfig[];
  /** The account's buckets released in this region. */
  readonly releasedBuckets: readonly ReleasedBucketConfig[];
}

/** The organization's accounts and regions as the stacks place resources in them. */
export interface Topology {
  /** The region of the trail, the archives, the central bus and the alarms. */
  readonly homeRegion: string;
  /** The governed regions, in configuration order. */
  readonly governedRegions: readonly string[];
  /** See GLOBAL_EVENTS_REGION. */
  readonly globalEventsRegion: string;
  /** Regions where every account has a baseline: the governed ones, then the global-events region. */
  readonly baselineRegions: readonly string[];
  readonly managementAccountId: string;
  readonly logArchiveAccountId: string;
  /** The account that holds the organization trail: the CloudTrail delegated administrator, else management. */
  readonly trailAccountId: string;
  /**
   * The account of the central security-event bus and the security responder, which
   * also administers AWS Config rules and IAM Access Analyzer for the organization:
   * the security account, else the trail's account.
   */
  readonly securityEventsAccountId: string;
  /** The region a declared or released bucket lives in: its own, else the home region. */
  bucketRegion(bucket: { readonly region?: string }): string;
  /** The role the stacks assume in an account: the account's own `roleName`, else `deployment.roleName`. */
  deploymentRoleArn(accountId: string): string;
  /** The names of every deployment role of the organization, sorted, each once. */
  readonly deploymentRoleNames: readonly string[];
  /**
   * What the baseline of `account` holds in `region`: one of `baselineRegions`, or
   * any other region, which like an ungoverned global-events region only forwards.
   */
  baselineRegion(account: AccountConfig, region: string): BaselineRegion;
}

/** The topology of a validated configuration. */
export function topology(config: OrganizationConfig): Topology {
  const homeRegion = config.organization.homeRegion;
  const governedRegions: readonly string[] = config.organization.regions;
  const baselineRegions = [...new Set([...governedRegions, GLOBAL_EVENTS_REGION])];
  const managementAccountId = config.accounts.management.id;
  const logArchiveAccountId = config.accounts.logArchive.id;
  const trailAccountId = config.trail.delegatedAdministrator ?? managementAccountId;
  const roleNames = new Map(declaredAccounts(config).map((a) => [a.id, a.roleName ?? config.deployment.roleName]));
  const bucketRegion = (bucket: { readonly region?: string }) => bucket.region ?? homeRegion;

  return {
    homeRegion,
    governedRegions,
    globalEventsRegion: GLOBAL_EVENTS_REGION,
    baselineRegions,
    managementAccountId,
    logArchiveAccountId,
    trailAccountId,
    securityEventsAccountId: config.accounts.security?.id ?? trailAccountId,
    bucketRegion,
    deploymentRoleArn: (accountId) =>
      `arn:aws:iam::${accountId}:role/${roleNames.get(accountId) ?? config.deployment.roleName}`,
    deploymentRoleNames: [...new Set([config.deployment.roleName, ...roleNames.values()])].sort(),
    baselineRegion(account, region) {
      const governed = governedRegions.includes(region);
      const here = <B extends { readonly region?: string }>(buckets: readonly B[]) =>
        governed ? buckets.filter((b) => bucketRegion(b) === region) : [];
      return {
        region,
        home: region === homeRegion,
        governed,
        accessLogBucketInLogArchiveStack: governed && account.id === logArchiveAccountId && region === homeRegion,
        buckets: here(account.buckets),
        releasedBuckets: here(account.releasedBuckets),
      };
    },
  };
}
