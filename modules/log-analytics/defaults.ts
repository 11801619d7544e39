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

/** Athena's smallest per-query scan limit: 10 MB, in bytes. */
export const ATHENA_MIN_SCAN_LIMIT_BYTES = 10 * 1024 ** 2;
/** The same limit in GB, as `audit.athena.scanLimitGb` takes it. */
export const ATHENA_MIN_SCAN_LIMIT_GB = ATHENA_MIN_SCAN_LIMIT_BYTES / 1024 ** 3;
/** What is wrong with a smaller limit, in the construct's error and the configuration's. */
export const SCAN_LIMIT_TOO_SMALL = `must be at least 10 MB (${ATHENA_MIN_SCAN_LIMIT_BYTES} bytes, ${ATHENA_MIN_SCAN_LIMIT_GB} GB), Athena's smallest limit`;

/**
 * What Athena would refuse in a per-query scan limit, in bytes: none, or why.
 * `LogAnalytics` throws it for `bytesScannedCutoffPerQuery`; the configuration checks
 * `audit.athena.scanLimitGb` against ATHENA_MIN_SCAN_LIMIT_GB with the same message.
 */
export function scanLimitProblems(bytes: number): string[] {
  return bytes >= ATHENA_MIN_SCAN_LIMIT_BYTES ? [] : [SCAN_LIMIT_TOO_SMALL];
}
