/** Defaults of `LogAnalytics`, which the configuration's `audit.athena` takes. Pure: no cdktf. */
export const LOG_ANALYTICS_DEFAULTS = {
  /** The oldest day the tables project partitions for (yyyy/MM/dd). */
  firstDay: "2024/01/01",
  /** Data one query may scan before Athena cancels it, in GB. */
  scanLimitGb: 100,
  /** Days query results are kept. */
  resultsExpirationDays: 30,
} as const;

/** A scan limit in GB as the bytes Athena's workgroup takes. */
export function scanLimitBytes(gb: number): number {
  return Math.round(gb * 1024 ** 3);
}

/** Athena's smallest per-query scan limit: 10 MB. */
export const ATHENA_MIN_SCAN_LIMIT_BYTES = 10 * 1024 ** 2;

/**
 * What Athena would refuse in a per-query scan limit, in bytes: none, or why. The
 * construct throws it for `bytesScannedCutoffPerQuery`; config validation reports it
 * for `audit.athena.scanLimitGb`.
 */
export function scanLimitProblems(bytes: number): string[] {
  const min = ATHENA_MIN_SCAN_LIMIT_BYTES;
  return bytes < min ? [`must be at least 10 MB (${min} bytes, ${min / 1024 ** 3} GB), Athena's smallest limit`] : [];
}
