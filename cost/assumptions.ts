/**
 * Usage assumptions: what the estimate cannot read from the synthesized stacks (how
 * busy the accounts and buckets are). Each has a documented default; a YAML or JSON
 * file overrides any of them:
 *
 *   npm run cost -- --assumptions my.yaml
 *
 *   # my.yaml
 *   managementEventsPerAccount: 2000000
 *   requestsPerBucket: 50000000
 */
import { editDistance } from "../config/validate";
import { existsSync, readFileSync } from "node:fs";
import { parseDocument } from "yaml";

interface Definition {
  /** The default value. */
  readonly value: number;
  /** Unit of the value, as printed. */
  readonly unit: string;
  /** What the number is, in one line, as printed and in the README table. */
  readonly what: string;
  /** A share: at most 1. */
  readonly share?: boolean;
}

/** Every assumption, its default and its unit. A month is 730 hours (365/12 days). */
export const ASSUMPTIONS = {
  /**
   * Management events per account per month, all Regions together. A quiet workload
   * account records a few hundred thousand (AWS services' own calls, Config, SSO,
   * Terraform plans); a busy one several million.
   */
  managementEventsPerAccount: {
    value: 500_000,
    unit: "events/account/month",
    what: "management events each account records, all Regions",
  },
  /**
   * Other trails that already record the organization's management events (Control
   * Tower's organization trail, for example). With one or more, this trail's copy of
   * management events is an additional copy, charged per event.
   */
  otherTrailsWithManagementEvents: {
    value: 0,
    unit: "trails",
    what: "other trails already recording management events (Control Tower's)",
  },
  /**
   * Accounts of the organization the configuration does not declare: the organization
   * trail records them and the conformance packs evaluate them, but they get no
   * baseline.
   */
  additionalOrganizationAccounts: {
    value: 0,
    unit: "accounts",
    what: "accounts in the organization that the configuration does not declare",
  },
  /**
   * Buckets in each account that the configuration does not declare. The trail's
   * organization-wide data-event selector records them (counted in the home Region),
   * and a recorder records their configuration.
   */
  undeclaredBucketsPerAccount: {
    value: 0,
    unit: "buckets/account",
    what: "buckets per account that the configuration does not declare",
  },
  /**
   * Requests to each declared bucket per month, about 0.4 per second. This drives the
   * data events recorded and the access logs written, processed and kept.
   */
  requestsPerBucket: {
    value: 1_000_000,
    unit: "requests/bucket/month",
    what: "requests to each declared (or undeclared) bucket",
  },
  /** Share of those requests that write (PUT, COPY, DELETE): write-only data events record only these. */
  writeRequestShare: {
    value: 0.25,
    unit: "share",
    what: "share of bucket requests that are writes",
    share: true,
  },
  /**
   * Size of one CloudTrail record as CloudWatch Logs ingests it (JSON, uncompressed).
   * Records of S3 data events and console calls run 1 to 2 KB.
   */
  cloudTrailEventBytes: {
    value: 1_500,
    unit: "bytes/event",
    what: "size of a CloudTrail record, uncompressed",
  },
  /** CloudTrail's log files are gzipped JSON: compressed size over raw size. */
  cloudTrailCompressionRatio: {
    value: 0.1,
    unit: "ratio",
    what: "compressed over raw size of CloudTrail log files",
    share: true,
  },
  /**
   * Log files CloudTrail writes per account per Region with activity, per hour: it
   * delivers about every 5 minutes. The governed Regions count as active; the hourly
   * digest files of log file validation are added on top.
   */
  cloudTrailLogFilesPerAccountRegionHour: {
    value: 12,
    unit: "files/account/Region/hour",
    what: "CloudTrail log files per account and active Region per hour",
  },
  /** CloudWatch Logs bills stored data after gzip compression; JSON logs compress to about 15%. */
  cloudWatchLogsCompressionRatio: {
    value: 0.15,
    unit: "ratio",
    what: "stored over ingested size of CloudWatch Logs data",
    share: true,
  },
  /**
   * One S3 server access log line: 26 space-separated fields. The example lines of AWS's
   * documentation (test/lambda-src/access-log-processor/fixtures.ts) measure 497 to 553 bytes.
   */
  accessLogBytesPerRequest: {
    value: 500,
    unit: "bytes/request",
    what: "size of a server access log line",
  },
  /**
   * Access log objects S3 delivers for one busy bucket per hour: it writes a log object
   * every few minutes while requests arrive (never more objects than requests).
   */
  accessLogObjectsPerBucketHour: {
    value: 12,
    unit: "objects/bucket/hour",
    what: "access log objects S3 delivers per logged bucket per hour",
  },
  /**
   * One access log line as the access-log processor writes it to CloudWatch Logs: JSON
   * with 28 named fields. The documented example lines measure 896 to 950 bytes as records.
   */
  accessLogRecordBytes: {
    value: 900,
    unit: "bytes/record",
    what: "size of an access-log record in CloudWatch Logs",
  },
  /**
   * Metrics the access-log processor publishes per logged bucket (embedded metric
   * format, dimension Bucket): requests by class (GET, PUT, DELETE, LIST, HEAD, OTHER),
   * 4xx, 5xx, AccessDenied, BytesSent, TotalTime, TurnAroundTime, DeniedBursts,
   * DeletedObjects: 14, written in lambda-src/access-log-processor/index.ts.
   */
  accessLogMetricsPerBucket: {
    value: 14,
    unit: "metrics/bucket",
    what: "custom metrics the access-log processor publishes per logged bucket",
  },
  /** Processing time per access log object: read it from S3, parse, write records, two DynamoDB calls. */
  accessLogProcessorMsPerObject: {
    value: 200,
    unit: "ms/object",
    what: "access-log processor duration per log object",
  },
  /** What the access-log processor logs per object: a line, an EMF document per bucket, the platform lines. */
  accessLogProcessorLogBytesPerObject: {
    value: 2_500,
    unit: "bytes/object",
    what: "access-log processor's own log per object",
  },
  /**
   * DynamoDB writes per processed object: the claim (PutItem) and the done mark
   * (UpdateItem), each under 1 KB (lambda-src/access-log-processor/index.ts).
   */
  dynamoDbWritesPerObject: {
    value: 2,
    unit: "write units/object",
    what: "idempotency-table writes per processed object",
  },
  /** An idempotency item (key, status, expiry) with DynamoDB's 100 bytes of overhead. */
  dynamoDbItemBytes: {
    value: 300,
    unit: "bytes/item",
    what: "size of an idempotency item",
  },
  /** Days an idempotency item lives before its TTL expires it (the handler's DONE_DAYS). */
  dynamoDbItemDays: {
    value: 30,
    unit: "days",
    what: "days an idempotency item is kept",
  },
  /**
   * Receive requests one Lambda poller makes on an SQS trigger in a month, messages or
   * not: a 20-second long poll after another, 3 a minute for 43,800 minutes. The
   * trigger's pollers are its maximum concurrency (5 when unset).
   */
  sqsReceivesPerPoller: {
    value: 131_400,
    unit: "requests/poller/month",
    what: "receive requests one Lambda poller makes on an SQS trigger",
  },
  /**
   * Request metrics S3 publishes per metrics filter with traffic: AllRequests, Get, Put,
   * Delete, Head, List, BytesDownloaded, BytesUploaded, 4xx, 5xx, FirstByteLatency,
   * TotalRequestLatency (Post and Select ones only when used).
   */
  s3RequestMetricsPerFilter: {
    value: 12,
    unit: "metrics/filter",
    what: "S3 request metrics per bucket metrics filter",
  },
  /**
   * Events each account and Region forwards to the central bus per month: S3 and trail
   * configuration changes, Config compliance changes, Access Analyzer and Trusted
   * Advisor findings. Each may invoke the security responder.
   */
  forwardedEventsPerAccountRegion: {
    value: 200,
    unit: "events/account/Region/month",
    what: "events each account and Region forwards to the central bus",
  },
  /** Security responder duration: it assumes a role in the bucket's account and makes a few S3 calls. */
  securityResponderMsPerInvocation: {
    value: 1_000,
    unit: "ms/invocation",
    what: "security responder duration per invocation",
  },
  /** What the security responder logs per invocation. */
  securityResponderLogBytesPerInvocation: {
    value: 2_000,
    unit: "bytes/invocation",
    what: "security responder's own log per invocation",
  },
  /**
   * Paid rotations of key material per rotating key. Each yearly rotation adds $1 a
   * month for the first two; later ones are free, so 2 is the steady state (use 1 for a
   * key in its second year, 0 in its first).
   */
  kmsRotationsPerKey: {
    value: 2,
    unit: "rotations/key",
    what: "paid key-material rotations per rotating KMS key",
  },
  /**
   * KMS requests per key per month from services that cache data keys (CloudWatch Logs,
   * Lambda, DynamoDB, S3 Bucket Keys): about one every 5 minutes. Keys of SNS topics are
   * left out (they are used when a notification is published, which is rare), and the
   * trail's log files and Athena's reads of the CloudTrail archive are counted apart.
   */
  kmsRequestsPerKey: {
    value: 8_760,
    unit: "requests/key/month",
    what: "KMS requests per key (SNS topic keys excepted) from services caching data keys",
  },
  /** Configuration items per bucket per month: changes to its policy, tags, lifecycle, logging, ACL... */
  configItemsPerBucket: {
    value: 2,
    unit: "items/bucket/month",
    what: "configuration items recorded per bucket",
  },
  /** Other configuration items per recorder per month (account Block Public Access, the trail). */
  configItemsPerRecorder: {
    value: 2,
    unit: "items/recorder/month",
    what: "other configuration items per recorder",
  },
  /** Size of one configuration item in the gzipped configuration history files. */
  configItemBytes: {
    value: 2_000,
    unit: "bytes/item",
    what: "size of a configuration item in the history files",
  },
  /** Configuration history files per recorder per day: Config delivers every 6 hours. */
  configHistoryFilesPerRecorderDay: {
    value: 4,
    unit: "files/recorder/day",
    what: "configuration history files per recorder per day",
  },
  /**
   * Data Athena scans per month, all of it in the CloudTrail archive's log files (each
   * read is an S3 GET and a KMS Decrypt). The tables are partitioned by account, Region
   * and day, so a question about one account over a week reads a few hundred MB: 0.01 TB
   * is a few dozen such investigations. The workgroup's scan limit caps each query.
   */
  athenaTbScannedPerMonth: {
    value: 0.01,
    unit: "TB/month",
    what: "data Athena scans in the CloudTrail archive",
  },
  /** Queries run per month (results written, KMS-encrypted, to the results bucket). */
  athenaQueriesPerMonth: {
    value: 100,
    unit: "queries/month",
    what: "Athena queries per month",
  },
  /** Size of one query's results. */
  athenaResultMbPerQuery: {
    value: 1,
    unit: "MB/query",
    what: "size of one query's results",
  },
  /**
   * Share of log events in a Contributor Insights rule's log group that match the rule
   * (object deletions, secret reads).
   */
  contributorInsightsMatchShare: {
    value: 0.02,
    unit: "share",
    what: "share of a log group's events that match a Contributor Insights rule",
    share: true,
  },
} as const satisfies Record<string, Definition>;

export type AssumptionName = keyof typeof ASSUMPTIONS;
export type Assumptions = Record<AssumptionName, number>;

export const ASSUMPTION_NAMES = Object.keys(ASSUMPTIONS) as AssumptionName[];

/** The defaults, with `overrides` applied. */
export function assumptionsWith(overrides: Partial<Assumptions> = {}): Assumptions {
  const result = Object.fromEntries(ASSUMPTION_NAMES.map((n) => [n, ASSUMPTIONS[n].value])) as Assumptions;
  return { ...result, ...overrides };
}

/** Every problem of an assumptions file, one per line, each naming its field. */
export class AssumptionsError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the assumptions:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "AssumptionsError";
  }
}

/**
 * The overrides an assumptions file (YAML or JSON) sets. Every problem is reported at
 * once: a key that names no assumption, a value that is not a number, a negative
 * number, a share above 1.
 * @throws AssumptionsError
 */
export function parseAssumptions(text: string, file = "<assumptions>"): Partial<Assumptions> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new AssumptionsError(file, [`cannot parse: ${doc.errors[0].message.split("\n")[0]}`]);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new AssumptionsError(file, ["must be a mapping of assumption names to numbers"]);
  }
  const problems: string[] = [];
  const overrides: Partial<Assumptions> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in ASSUMPTIONS)) {
      const close = ASSUMPTION_NAMES.find((n) => editDistance(n.toLowerCase(), key.toLowerCase()) <= 3);
      problems.push(`${key}: unknown assumption${close ? ` (did you mean "${close}"?)` : ""}`);
      continue;
    }
    const name = key as AssumptionName;
    const definition: Definition = ASSUMPTIONS[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      problems.push(`${name}: must be a number (${definition.unit}), got ${JSON.stringify(value) ?? String(value)}`);
    } else if (value < 0) {
      problems.push(`${name}: must be 0 or more, got ${value}`);
    } else if (definition.share && value > 1) {
      problems.push(`${name}: is a share, at most 1, got ${value}`);
    } else {
      overrides[name] = value;
    }
  }
  if (problems.length > 0) throw new AssumptionsError(file, problems);
  return overrides;
}

/** Reads an assumptions file. @throws AssumptionsError when it is missing or invalid. */
export function loadAssumptionsFile(file: string): Partial<Assumptions> {
  if (!existsSync(file)) throw new AssumptionsError(file, ["the file does not exist"]);
  return parseAssumptions(readFileSync(file, "utf8"), file);
}
