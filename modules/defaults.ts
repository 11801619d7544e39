/** Defaults that several constructs share, and the configuration with them. Pure: no cdktf. */

/** Days a log group keeps its events when no retention is given: a year. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
