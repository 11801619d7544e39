import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";

/**
 * What every HardenedBucket writes itself, free of cdktf so that config validation
 * can keep a bucket's own statements and rules from colliding with them.
 */

/** The Sid of the statement that denies requests without TLS. */
export const DENY_WITHOUT_TLS_SID = "DenyRequestsWithoutTLS";

/** Sids of the statements the baseline writes into every bucket policy. */
export const BASELINE_POLICY_SIDS: readonly string[] = [DENY_WITHOUT_TLS_SID];

const NONCURRENT_RULE_ID = "noncurrent-versions-and-incomplete-uploads";
const DELETE_MARKER_RULE_ID = "expired-delete-markers";

/** Ids of the housekeeping lifecycle rules. */
export const HOUSEKEEPING_RULE_IDS: readonly string[] = [NONCURRENT_RULE_ID, DELETE_MARKER_RULE_ID];

/** Lifecycle rules every versioned log bucket needs so that deleted data really goes. */
export function housekeepingRules(noncurrentDays: number): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: NONCURRENT_RULE_ID,
      status: "Enabled",
      filter: [{ prefix: "" }],
      noncurrentVersionExpiration: [{ noncurrentDays }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    },
    {
      id: DELETE_MARKER_RULE_ID,
      status: "Enabled",
      filter: [{ prefix: "" }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}

/** Object Lock default retention of a bucket. */
export interface ObjectLockRetention {
  readonly mode: "GOVERNANCE" | "COMPLIANCE";
  readonly days: number;
}
