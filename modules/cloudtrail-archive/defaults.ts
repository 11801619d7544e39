/**
 * The CloudTrail archive's retention: defaults and the rules between its fields, shared
 * by `CloudTrailArchive` and the configuration (its `archive` section), so that both
 * default and refuse alike. Pure: no cdktf.
 */
import type { ObjectLockRetention } from "../hardened-bucket/defaults";

/** Retention when none is given: locked a year, in Glacier after 90 days, kept seven years. */
export const CLOUDTRAIL_ARCHIVE_DEFAULTS = {
  objectLock: { mode: "GOVERNANCE", days: 365 } satisfies ObjectLockRetention,
  transitionToGlacierDays: 90,
  expirationDays: 2555,
} as const;

/** An archive's retention as written; what is omitted takes its default. */
export interface ArchiveRetention {
  readonly objectLock?: { readonly days?: number };
  readonly transitionToGlacierDays?: number;
  readonly expirationDays?: number;
}

/** A problem with one retention field, named as in the props and in `archive` of the config. */
export interface ArchiveRetentionProblem {
  readonly field: "expirationDays";
  readonly message: string;
}

/** Objects must transition before they expire, and cannot expire while locked. */
export function archiveRetentionProblems(r: ArchiveRetention): ArchiveRetentionProblem[] {
  const d = CLOUDTRAIL_ARCHIVE_DEFAULTS;
  const lockDays = r.objectLock?.days ?? d.objectLock.days;
  const transition = r.transitionToGlacierDays ?? d.transitionToGlacierDays;
  const expiration = r.expirationDays ?? d.expirationDays;
  const problems: ArchiveRetentionProblem[] = [];
  if (expiration <= transition) {
    problems.push({
      field: "expirationDays",
      message: `must be greater than transitionToGlacierDays (${transition}): objects would expire before they transition, got ${expiration}`,
    });
  }
  if (expiration < lockDays) {
    problems.push({
      field: "expirationDays",
      message: `must be at least objectLock.days (${lockDays}): locked objects cannot expire, got ${expiration}`,
    });
  }
  return problems;
}
