/**
 * How server access logs are keyed in every access-log bucket, and so in the archive
 * they replicate to. One home for the fact: the constructs that turn logging on and
 * the security responder that restores it both read it from here.
 *
 * With an empty target prefix and date-partitioned keys, S3 writes
 * `<source account>/<source region>/<source bucket>/<yyyy>/<mm>/<dd>/<file>`: every key
 * starts with the account whose bucket was logged. The archive's bucket policy
 * confines each replicating account to that prefix.
 */
export const ACCESS_LOG_TARGET_PREFIX = "";

/** S3's `TargetObjectKeyFormat`: date partitions by the time of the request. */
export const ACCESS_LOG_PARTITION_DATE_SOURCE = "EventTime";

/** The key prefix under which an account's access logs live, in its bucket and in the archive. */
export function accessLogAccountPrefix(accountId: string): string {
  return `${ACCESS_LOG_TARGET_PREFIX}${accountId}/`;
}
