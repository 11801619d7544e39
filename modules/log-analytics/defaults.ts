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
