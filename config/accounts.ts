import type { AccountConfig, BucketConfig, OrganizationConfig } from "./schema";

/** Every account of the organization, in config order. */
export function declaredAccounts(config: OrganizationConfig): AccountConfig[] {
  const { management, logArchive, security, members } = config.accounts;
  return [management, logArchive, ...(security ? [security] : []), ...members];
}

/** Every bucket declared under any account. */
export function declaredBuckets(config: OrganizationConfig): BucketConfig[] {
  return declaredAccounts(config).flatMap((a) => a.buckets);
}
