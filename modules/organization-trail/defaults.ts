/** Defaults of `OrganizationTrail`, which the configuration's `trail` section takes. Pure: no cdktf. */
import { DEFAULT_LOG_RETENTION_DAYS } from "../defaults";

export const ORGANIZATION_TRAIL_DEFAULTS = {
  /** S3 data events recorded for every bucket without its own mode. */
  dataEvents: "write",
  /** Days the trail's log group keeps events. */
  cloudWatchLogsRetentionDays: DEFAULT_LOG_RETENTION_DAYS,
  /** The trail's log group is encrypted with its own customer managed key. */
  cloudWatchLogsKms: true,
} as const;
