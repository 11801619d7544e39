import type { Assumptions } from "../../cost/assumptions";
import { estimate, SERVICES, type Estimate } from "../../cost/estimate";
import { inventory } from "../../cost/inventory";
import { SMALL_ORGANIZATION } from "./small-organization";

// Every assumption stated here, so that no default can move these figures.
const A: Assumptions = {
  managementEventsPerAccount: 100_000,
  otherTrailsWithManagementEvents: 0,
  additionalOrganizationAccounts: 0,
  undeclaredBucketsPerAccount: 0,
  requestsPerBucket: 1_000_000,
  writeRequestShare: 0.2,
  cloudTrailEventBytes: 1_000,
  cloudTrailCompressionRatio: 0.1,
  cloudTrailLogFilesPerAccountRegionHour: 10,
  cloudWatchLogsCompressionRatio: 0.1,
  accessLogBytesPerRequest: 500,
  accessLogObjectsPerBucketHour: 10,
  accessLogRecordBytes: 1_000,
  accessLogMetricsPerBucket: 10,
  accessLogProcessorMsPerObject: 100,
  accessLogProcessorLogBytesPerObject: 1_000,
  dynamoDbWritesPerObject: 2,
  dynamoDbItemBytes: 1_000,
  dynamoDbItemDays: 30,
  sqsReceivesPerPoller: 100_000,
  s3RequestMetricsPerFilter: 10,
  forwardedEventsPerAccountRegion: 1_000,
  securityResponderMsPerInvocation: 500,
  securityResponderLogBytesPerInvocation: 1_000,
  kmsRotationsPerKey: 2,
  kmsRequestsPerKey: 10_000,
  configItemsPerBucket: 3,
  configItemsPerRecorder: 1,
  configItemBytes: 1_000,
  configHistoryFilesPerRecorderDay: 4,
  athenaTbScannedPerMonth: 0,
  athenaQueriesPerMonth: 0,
  athenaResultMbPerQuery: 0,
  contributorInsightsMatchShare: 0.01,
};

const GB = 2 ** 30;
const DAYS = 365 / 12; // days in a month
const HOURS = 730; // hours in a month

const lineOf = (e: Estimate, id: string) => {
  const line = e.services.flatMap((s) => s.lines).find((l) => l.id === id);
  if (!line) throw new Error(`no line ${id}`);
  return line;
};

describe("estimate of a small organization, against figures computed by hand", () => {
  const e = estimate(inventory(SMALL_ORGANIZATION), A);
  const expectLine = (id: string, quantity: number, amount: number) => {
    const line = lineOf(e, id);
    expect([id, line.quantity]).toEqual([id, expect.closeTo(quantity, 6)]);
    expect([id, line.amount]).toEqual([id, expect.closeTo(amount, 8)]);
  };

  // The trail records 4 accounts' management events: 4 x 100,000 = 400,000.
  // Data events: t-data reads and writes all 1,000,000 requests; t-lake only its
  // writes, 0.2 x 1,000,000 = 200,000. The log buckets are excluded. 1,200,000 in all.
  const events = 400_000 + 1_200_000;
  // Log files: 4 account-Regions x 10 an hour x 730 hours = 29,200; digest files (log
  // file validation): 4 x 730 = 2,920; 32,120 objects a month in the archive.
  const logFiles = 4 * 10 * 730;
  const archiveObjects = logFiles + 4 * 730;
  // Archive bytes: 1,600,000 events x 1,000 bytes x 0.1 gzip = 160,000,000 a month.
  const archiveBytes = events * 1_000 * 0.1;
  // Access logs: the CloudTrail archive's 32,120 PUTs (32,120 lines, objects capped at
  // 10 an hour = 7,300); t-data and t-lake 1,000,000 requests each (7,300 objects each).
  const accessLogRecords = 32_120 + 2 * 1_000_000;
  const accessLogBytes = accessLogRecords * 500;
  const accessLogObjects = 3 * 7_300;

  test("CloudTrail: management events free, data events at $0.10 per 100,000", () => {
    expectLine("cloudtrail.management", 400_000, 0);
    expectLine("cloudtrail.data", 1_200_000, (1_200_000 / 100_000) * 0.1); // $1.20
  });

  test("CloudWatch Logs: ingestion at $0.50/GB, storage for the retention at $0.03/GB-month, compressed", () => {
    // The trail's group: 1,600,000 events x 1,000 bytes; 30 days kept, at 0.1 compression.
    const trailGb = (events * 1_000) / GB;
    expectLine("logs.t/trail.ingestion", trailGb, trailGb * 0.5);
    expectLine("logs.t/trail.storage", (trailGb * 30 * 0.1) / DAYS, ((trailGb * 30 * 0.1) / DAYS) * 0.03);
    // Access-log records: 2,032,120 lines x 1,000 bytes.
    const recordsGb = (accessLogRecords * 1_000) / GB;
    expectLine("logs.t/records.ingestion", recordsGb, recordsGb * 0.5);
    // The processor's own log: 21,900 objects x 1,000 bytes.
    const ownGb = (accessLogObjects * 1_000) / GB;
    expectLine("logs./aws/lambda/t-proc.ingestion", ownGb, ownGb * 0.5);
  });

  test("CloudWatch: metrics at $0.30, alarm metrics at $0.10 ($0.30 high resolution), dashboards at $3", () => {
    expectLine("cloudwatch.metrics.filters", 2, 2 * 0.3);
    // 3 logged buckets (the CloudTrail archive, t-data, t-lake) x 10 metrics.
    expectLine("cloudwatch.metrics.t-proc", 30, 30 * 0.3);
    // Proc/Bursts: watched by an alarm, published by no metric filter.
    expectLine("cloudwatch.metrics.alarmed", 1, 0.3);
    // One request-metrics filter x 10.
    expectLine("cloudwatch.metrics.s3", 10, 10 * 0.3);
    // 1 + 2 (metric math) + 1 standard-resolution metrics; one high-resolution alarm.
    expectLine("cloudwatch.alarms", 4, 4 * 0.1);
    expectLine("cloudwatch.alarmsHighResolution", 1, 0.3);
    expectLine("cloudwatch.dashboards", 1, 3);
    expectLine("cloudwatch.contributorInsights.rules", 1, 0.5);
    // 1% of the trail group's 1,600,000 events, at $0.02 per million.
    expectLine("cloudwatch.contributorInsights.events", 16_000, (16_000 / 1e6) * 0.02);
  });

  test("S3: the CloudTrail archive in Standard for 30 days, then Glacier until day 120", () => {
    const perDay = archiveBytes / DAYS;
    const objectsPerDay = archiveObjects / DAYS;
    const archived = objectsPerDay * (120 - 30); // objects in Glacier at any time
    // Standard: 30 days of data, plus 8 KB per archived object.
    const standard = (perDay * 30 + archived * 8192) / GB;
    expectLine("s3.cloudtrail-archive.standard", standard, standard * 0.023);
    // Glacier: 90 days of data, plus 32 KB per archived object.
    const glacier = (perDay * 90 + archived * 32768) / GB;
    expectLine("s3.cloudtrail-archive.glacier", glacier, glacier * 0.0036);
    // Every object delivered is transitioned once: 32,120 x $0.03 per 1,000.
    expectLine("s3.cloudtrail-archive.transitions", archiveObjects, 32.12 * 0.03);
    expectLine("s3.cloudtrail-archive.puts", archiveObjects, 32.12 * 0.005);
  });

  test("S3: with S3's default minimum size (128 KiB), the small log files never leave Standard", () => {
    const stacks = structuredClone(SMALL_ORGANIZATION) as any[];
    delete stacks[0].resource.aws_s3_bucket_lifecycle_configuration.ct_lifecycle.transition_default_minimum_object_size;
    const defaults = estimate(inventory(stacks), A);
    // 160,000,000 bytes in 32,120 objects: about 5 KB each, under 128 KiB.
    expect(archiveBytes / archiveObjects).toBeLessThan(128 * 1024);
    const standard = ((archiveBytes / DAYS) * 120) / GB;
    const line = lineOf(defaults, "s3.cloudtrail-archive.standard");
    expect([line.quantity, line.amount]).toEqual([expect.closeTo(standard, 6), expect.closeTo(standard * 0.023, 8)]);
    const ids = defaults.services.flatMap((s) => s.lines).map((l) => l.id);
    expect(ids).not.toContain("s3.cloudtrail-archive.glacier");
    expect(ids).not.toContain("s3.cloudtrail-archive.transitions");
  });

  test("S3: access logs kept 60 days in their buckets and in the archive, replicated across Regions", () => {
    const stored = ((accessLogBytes / DAYS) * 60) / GB;
    expectLine("s3.access-logs.standard", stored, stored * 0.023);
    expectLine("s3.access-log-archive.standard", stored, stored * 0.023);
    // A replication PUT per log object; the processor reads each once.
    expectLine("s3.access-log-archive.puts", accessLogObjects, 21.9 * 0.005);
    expectLine("s3.access-log-archive.gets", accessLogObjects, 21.9 * 0.0004);
    // Only the member's logs (us-east-1) cross to the archive's Region (eu-west-1).
    const crossing = (2_000_000 * 500) / GB;
    expectLine("s3.interRegion", crossing, crossing * 0.02);
  });

  test("KMS: keys, paid rotations, requests per 10,000", () => {
    expectLine("kms.keys", 3, 3);
    expectLine("kms.rotations", 2 * 2, 4); // two rotating keys x 2 paid rotations
    // The archive's and the function's keys; the alarm topic's key sees no steady traffic.
    expectLine("kms.requests.services", 2 * 10_000, 2 * 0.03);
    expectLine("kms.requests.cloudtrail", logFiles, (logFiles / 10_000) * 0.03);
  });

  test("Lambda, X-Ray, SQS, DynamoDB: the processor's batches and the responder's events", () => {
    // The processor: 21,900 objects in batches of 10 = 2,190 invocations; 0.1 s per
    // object at 1 GB = 2,190 GB-s at the arm64 price.
    expectLine("lambda.t-proc.requests", 2_190, (2_190 / 1e6) * 0.2);
    expectLine("lambda.t-proc.duration", 2_190, 2_190 * 0.0000133334);
    expectLine("xray.t-proc", 2_190, (2_190 / 1e6) * 5);
    // The responder: 1 forwarding rule x 1,000 events; 0.5 s at 0.25 GB = 125 GB-s, x86.
    expectLine("lambda.t-resp.requests", 1_000, (1_000 / 1e6) * 0.2);
    expectLine("lambda.t-resp.duration", 125, 125 * 0.0000166667);
    // SQS: 21,900 sends + 2,190 deletes + receives: 2 pollers x 100,000 long polls.
    expectLine("sqs.t-queue", 21_900 + 2_190 + 200_000, (224_090 / 1e6) * 0.4);
    expectLine("dynamodb.t-table.writes", 2 * 21_900, (43_800 / 1e6) * 0.625);
    // Items live 30 days: 21,900 x 30/30.42 items of 1,000 bytes.
    const tableGb = (21_900 * (30 / DAYS) * 1_000) / GB;
    expectLine("dynamodb.t-table.storage", tableGb, tableGb * 0.25);
    expectLine("dynamodb.t-table.pitr", tableGb, tableGb * 0.2);
  });

  test("EventBridge, AWS Config, Access Analyzer", () => {
    expectLine("eventbridge.forwarded", 1_000, (1_000 / 1e6) * 1);
    // The recorder (444, us-east-1) sees 3 buckets x 3 items + 1 other item.
    expectLine("config.items", 10, 10 * 0.003);
    // The pack (eu-west-1): a daily rule over 4 accounts (4 x 30.42 runs) and a bucket
    // rule evaluating the items of the 3 buckets in eu-west-1 (3 x 3).
    expectLine("config.pack.eu-west-1", 4 * DAYS + 9, (4 * DAYS + 9) * 0.001);
    expectLine("accessAnalyzer.analyzers", 1, 0);
  });

  test("every service has a table, each table's total is its lines', and the total is the tables'", () => {
    expect(e.services.map((s) => s.service)).toEqual([...SERVICES]);
    for (const s of e.services)
      expect(s.total).toBeCloseTo(
        s.lines.reduce((t, l) => t + l.amount, 0),
        10,
      );
    expect(e.total).toBeCloseTo(
      e.services.reduce((t, s) => t + s.total, 0),
      10,
    );
    // No workgroup, so nothing in Athena.
    expect(e.services.find((s) => s.service === "Athena")!.lines).toEqual([]);
  });
});

describe("overriding an assumption changes exactly the lines that depend on it", () => {
  const inv = inventory(SMALL_ORGANIZATION);
  const changed = (override: Partial<Assumptions>): string[] => {
    const before = estimate(inv, A);
    const after = estimate(inv, { ...A, ...override });
    const amounts = (e: Estimate) => new Map(e.services.flatMap((s) => s.lines).map((l) => [l.id, l.amount]));
    const b = amounts(before);
    const a = amounts(after);
    expect([...a.keys()]).toEqual([...b.keys()]);
    return [...a.keys()].filter((id) => a.get(id) !== b.get(id)).sort();
  };

  test("events forwarded: the bus, and the responder's requests and duration", () => {
    expect(changed({ forwardedEventsPerAccountRegion: 5_000 })).toEqual([
      "eventbridge.forwarded",
      "lambda.t-resp.duration",
      "lambda.t-resp.requests",
    ]);
  });

  test("paid rotations: the rotation line only", () => {
    expect(changed({ kmsRotationsPerKey: 1 })).toEqual(["kms.rotations"]);
  });

  test("another trail recording management events: the management events line only", () => {
    expect(changed({ otherTrailsWithManagementEvents: 1 })).toEqual(["cloudtrail.management"]);
    const paid = lineOf(estimate(inv, { ...A, otherTrailsWithManagementEvents: 1 }), "cloudtrail.management");
    expect(paid.priceId).toBe("cloudtrail.managementEventsAdditionalCopy");
    expect(paid.amount).toBeCloseTo((400_000 / 100_000) * 2, 10); // $8.00
  });

  test("access-log line size: what stores and moves access logs, not what counts them", () => {
    expect(changed({ accessLogBytesPerRequest: 1_000 })).toEqual([
      "s3.access-log-archive.standard",
      "s3.access-logs.standard",
      "s3.interRegion",
    ]);
  });
});

describe("tiered prices", () => {
  test("lines sharing a tiered price climb its tiers together; tiers restart per Config Region", () => {
    const many = (n: number) =>
      SMALL_ORGANIZATION.map((stack) =>
        stack["//"]?.metadata?.stackName === "member"
          ? {
              ...stack,
              resource: {
                ...stack.resource,
                aws_s3_bucket_metric: Object.fromEntries(
                  Array.from({ length: n }, (_, i) => [`m${i}`, { bucket: "${aws_s3_bucket.data.id}" }]),
                ),
              },
            }
          : stack,
      );
    // 1,000 filters x 10 = 10,000 S3 request metrics, after 2 + 30 + 1 = 33 others:
    // 9,967 at $0.30 and 33 at $0.10.
    const line = lineOf(estimate(inventory(many(1_000)), A), "cloudwatch.metrics.s3");
    expect(line.quantity).toBe(10_000);
    expect(line.amount).toBeCloseTo(9_967 * 0.3 + 33 * 0.1, 8);
  });

  test("conformance pack evaluations beyond 100,000 in a Region cost $0.0008", () => {
    // 100 accounts more: the daily rule runs over 104 accounts, 104 x 30.42 = 3,163.3.
    // Buckets: 40,000 items per bucket x 3 buckets in eu-west-1 = 120,000 evaluations.
    const e = estimate(inventory(SMALL_ORGANIZATION), {
      ...A,
      additionalOrganizationAccounts: 100,
      configItemsPerBucket: 40_000,
    });
    const evaluations = 104 * DAYS + 120_000;
    const line = lineOf(e, "config.pack.eu-west-1");
    expect(line.quantity).toBeCloseTo(evaluations, 6);
    expect(line.amount).toBeCloseTo(100_000 * 0.001 + (evaluations - 100_000) * 0.0008, 8);
  });
});

describe("usage outside the configuration", () => {
  test("undeclared accounts and buckets add management and data events", () => {
    const e = estimate(inventory(SMALL_ORGANIZATION), {
      ...A,
      additionalOrganizationAccounts: 2,
      undeclaredBucketsPerAccount: 1,
    });
    // 6 accounts' management events; 6 undeclared buckets, whose writes (200,000 each)
    // the organization-wide selector records.
    expect(lineOf(e, "cloudtrail.management").quantity).toBe(600_000);
    expect(lineOf(e, "cloudtrail.data").quantity).toBe(1_200_000 + 6 * 200_000);
    // Log files for 4 + 2 x (4 account-Regions / 4 accounts) = 6 account-Regions.
    expect(lineOf(e, "kms.requests.cloudtrail").quantity).toBe(6 * 10 * HOURS);
  });
});
