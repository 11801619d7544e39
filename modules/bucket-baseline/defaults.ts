/**
 * The bucket baseline's defaults and its rules on props, free of cdktf so that config
 * validation (config/) and the construct read the same facts.
 */

/** Alarm thresholds of a bucket when none are given. */
export const BUCKET_ALARM_DEFAULTS = {
  /** 4xx responses as a share of requests, in percent, over 5 minutes. */
  clientErrorRatePercent: 5,
  /** 5xx responses as a share of requests, in percent, over 5 minutes. */
  serverErrorRatePercent: 1,
  /**
   * Requests in 5 minutes below which the error-rate alarms stay quiet: one 404 in an
   * idle window is 100% of its requests and means nothing.
   */
  minimumRequests: 100,
  /** Time to first byte at the 99th percentile, in milliseconds (body transfer excluded). */
  firstByteLatencyMs: 1000,
} as const;

/** The percentile the first-byte latency alarm watches. */
export const FIRST_BYTE_LATENCY_STATISTIC = "p99";

/** Days noncurrent versions of a declared bucket are kept when none are given. */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;

/** What the baseline needs to know about an existing bucket's encryption. */
export interface ExistingBucketEncryption {
  readonly existing?: boolean;
  /** As written: undefined when omitted. */
  readonly encryption?: string;
  /** Whether its key is named. */
  readonly hasKey: boolean;
  /** The field that names the key where the bucket is declared: `kmsKeyArn` in the config, `kmsKey` in the construct. */
  readonly keyField: string;
}

/** A problem with one field of a bucket's props, for config validation and the construct alike. */
export interface BucketFieldProblem {
  /** `encryption`, or the key's field. */
  readonly field: string;
  readonly message: string;
}

/**
 * An existing bucket must say how it is encrypted: the baseline writes default
 * encryption, and guessing would silently downgrade an SSE-KMS bucket to SSE-S3 or
 * move it to a new key.
 */
export function existingBucketProblems(b: ExistingBucketEncryption): BucketFieldProblem[] {
  if (!b.existing) return [];
  if (b.encryption === undefined) {
    return [
      {
        field: "encryption",
        message: `is required for an existing bucket: state its current default encryption (SSE-S3, or SSE-KMS with ${b.keyField}) so the baseline keeps it`,
      },
    ];
  }
  if (b.encryption === "SSE-KMS" && !b.hasKey) {
    return [
      {
        field: b.keyField,
        message:
          "is required for an existing SSE-KMS bucket: name its current key, or the baseline would encrypt new objects under a new key",
      },
    ];
  }
  return [];
}
