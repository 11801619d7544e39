/** Defaults of `AccessLogBucket`, which the configuration's `archive.accessLogExpirationDays` takes. Pure: no cdktf. */
export const ACCESS_LOG_BUCKET_DEFAULTS = {
  /** Days a log object is kept in an account's access-log bucket (the archive keeps its replica). */
  expirationDays: 365,
  /** Days a replaced log object's old version is kept. */
  noncurrentVersionExpirationDays: 30,
} as const;
