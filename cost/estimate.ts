/**
 * The monthly cost of what the project deploys: the inventory's counts, combined with
 * the usage assumptions, priced by the price list. Pure arithmetic, no I/O.
 *
 * Storage is priced at steady state: every archive holds as many days as its lifecycle
 * keeps (objects written at a constant rate, moved to Glacier after the transition
 * days, expired after the expiration days). A GB is 2^30 bytes, a month 730 hours.
 */
import type { Assumptions } from "./assumptions";
import type { Bucket, BucketRole, Inventory, LambdaFunction } from "./inventory";
import { PRICES, priceAmount, type PriceId, type PriceList } from "./prices";

export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = 365 / 12;
export const GB = 2 ** 30;
export const TB = 2 ** 40;
/** Days of storage shown for a bucket or log group that never expires its data. */
export const UNEXPIRED_DAYS = 365;

/** The service tables, in the order they are printed. */
export const SERVICES = [
  "CloudTrail",
  "CloudWatch Logs",
  "CloudWatch",
  "S3",
  "KMS",
  "Lambda",
  "X-Ray",
  "SQS",
  "DynamoDB",
  "EventBridge",
  "AWS Config",
  "IAM Access Analyzer",
  "Athena",
] as const;
export type Service = (typeof SERVICES)[number];

export interface Line {
  /** Stable id, for tests and comparisons. */
  readonly id: string;
  readonly item: string;
  readonly priceId: PriceId;
  readonly quantity: number;
  /** USD per month. */
  readonly amount: number;
}

export interface ServiceTable {
  readonly service: Service;
  readonly lines: readonly Line[];
  readonly total: number;
}

export interface Estimate {
  readonly services: readonly ServiceTable[];
  readonly total: number;
}

const ROLE_LABEL: Record<Exclude<BucketRole, "workload">, string> = {
  "cloudtrail-archive": "CloudTrail archive",
  "access-logs": "access-log buckets",
  "access-log-archive": "access-log archive",
  "config-history": "Config history bucket",
  "athena-results": "Athena results bucket",
};

/** What is written to and read from a bucket in a month. */
interface Flow {
  bytes: number;
  objects: number;
  /** Charged PUTs (log delivery by S3 itself is not charged). */
  puts: number;
  gets: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

class Lines {
  private readonly lines = new Map<Service, Line[]>(SERVICES.map((s) => [s, []]));
  private readonly used = new Map<string, number>();

  constructor(private readonly prices: PriceList) {}

  /** Adds a line; lines sharing a tiered price (or `tierGroup`) climb its tiers together, in order. */
  add(id: string, item: string, priceId: PriceId, quantity: number, tierGroup: string = priceId): void {
    const price = this.prices.prices[priceId];
    const before = this.used.get(tierGroup) ?? 0;
    this.used.set(tierGroup, before + quantity);
    const service = price.service as Service;
    if (!this.lines.has(service)) throw new Error(`price ${priceId} names an unknown service ${price.service}`);
    this.lines.get(service)!.push({ id, item, priceId, quantity, amount: priceAmount(price, quantity, before) });
  }

  estimate(): Estimate {
    const services = SERVICES.map((service) => {
      const lines = this.lines.get(service)!;
      return { service, lines, total: lines.reduce((s, l) => s + l.amount, 0) };
    });
    return { services, total: services.reduce((s, t) => s + t.total, 0) };
  }
}

/** The monthly estimate of an inventory under some assumptions. */
export function estimate(inv: Inventory, a: Assumptions, prices: PriceList = PRICES): Estimate {
  const out = new Lines(prices);
  const declaredAccounts = inv.accounts.length;
  const orgAccounts = declaredAccounts + a.additionalOrganizationAccounts;
  const regionsPerAccount = declaredAccounts > 0 ? inv.accountRegions / declaredAccounts : 0;
  const trailAccountRegions = inv.accountRegions + a.additionalOrganizationAccounts * regionsPerAccount;
  const trail = inv.trails.find((t) => t.organization) ?? inv.trails[0];
  const homeRegion = trail?.region;
  const undeclaredBuckets = orgAccounts * a.undeclaredBucketsPerAccount;
  const workloadWrites = a.requestsPerBucket * a.writeRequestShare;
  const workloadReads = a.requestsPerBucket - workloadWrites;

  const flows = new Map<string, Flow>();
  const flow = (bucket: string): Flow => {
    let f = flows.get(bucket);
    if (!f) flows.set(bucket, (f = { bytes: 0, objects: 0, puts: 0, gets: 0 }));
    return f;
  };
  const bucketsByRole = (role: BucketRole) => inv.buckets.filter((b) => b.role === role);

  // AWS Config: configuration items, and the history files delivered to the history bucket.
  const bucketsAt = (account: string, region: string) =>
    inv.buckets.filter((b) => b.account === account && b.region === region).length +
    (region === homeRegion ? a.undeclaredBucketsPerAccount : 0);
  let itemsContinuous = 0;
  let itemsPeriodic = 0;
  for (const r of inv.recorders) {
    const recordsBuckets = r.resourceTypes.includes("*") || r.resourceTypes.includes("AWS::S3::Bucket");
    const items =
      (recordsBuckets ? bucketsAt(r.account, r.region) * a.configItemsPerBucket : 0) + a.configItemsPerRecorder;
    if (r.periodic) itemsPeriodic += items;
    else itemsContinuous += items;
  }
  const historyBucket = bucketsByRole("config-history")[0];
  if (historyBucket && inv.recorders.length > 0) {
    const f = flow(historyBucket.name);
    f.bytes += (itemsContinuous + itemsPeriodic) * a.configItemBytes;
    f.objects += inv.recorders.length * a.configHistoryFilesPerRecorderDay * DAYS_PER_MONTH;
    f.puts += f.objects;
  }

  // Athena: results written to the results bucket.
  const workgroup = inv.athenaWorkgroups[0];
  const queries = workgroup ? a.athenaQueriesPerMonth : 0;
  if (workgroup?.resultsBucket) {
    const f = flow(workgroup.resultsBucket);
    f.bytes += queries * a.athenaResultMbPerQuery * 2 ** 20;
    f.objects += queries * 2; // the results and their metadata
    f.puts += queries * 2;
    f.gets += queries;
  }

  // CloudTrail: events recorded, and the files delivered to the archive.
  const requestsTo = (b: Bucket): { writes: number; reads: number } => {
    if (b.role === "workload") return { writes: workloadWrites, reads: workloadReads };
    const f = flows.get(b.name);
    return f ? { writes: f.puts, reads: f.gets } : { writes: 0, reads: 0 };
  };
  let managementEvents = 0;
  let dataEvents = 0;
  let trailEvents = 0;
  let logFiles = 0;
  let archiveBytes = 0;
  if (trail) {
    managementEvents = trail.managementEvents
      ? (trail.organization ? orgAccounts : 1) * a.managementEventsPerAccount
      : 0;
    // Log buckets are never recorded (the cloudtrail-data-events-exclude-logs guardrail).
    const recordable = inv.buckets.filter((b) => ["workload", "config-history", "athena-results"].includes(b.role));
    for (const b of recordable) {
      const r = requestsTo(b);
      dataEvents += (b.recorded.writes ? r.writes : 0) + (b.recorded.reads ? r.reads : 0);
    }
    const u = trail.undeclaredBuckets;
    dataEvents += undeclaredBuckets * ((u.writes ? workloadWrites : 0) + (u.reads ? workloadReads : 0));
    trailEvents = managementEvents + dataEvents;
    logFiles = trailAccountRegions * a.cloudTrailLogFilesPerAccountRegionHour * HOURS_PER_MONTH;
    const digestFiles = trail.logFileValidation ? trailAccountRegions * HOURS_PER_MONTH : 0;
    archiveBytes = trailEvents * a.cloudTrailEventBytes * a.cloudTrailCompressionRatio;
    const f = flow(trail.bucket);
    f.bytes += archiveBytes;
    f.objects += logFiles + digestFiles;
    f.puts += logFiles + digestFiles;
  }
  // Athena reads the CloudTrail archive's objects (and KMS decrypts each).
  const athenaObjectsRead =
    workgroup && trail && logFiles > 0 && archiveBytes > 0
      ? (a.athenaTbScannedPerMonth * TB) / (archiveBytes / logFiles)
      : 0;
  if (trail) flow(trail.bucket).gets += athenaObjectsRead;

  // Server access logs: written to the access-log buckets, replicated to the archive.
  const records = new Map<string, { records: number; sources: number }>();
  const addRecords = (bucket: string, n: number, sources: number) => {
    const r = records.get(bucket) ?? { records: 0, sources: 0 };
    records.set(bucket, { records: r.records + n, sources: r.sources + sources });
  };
  for (const b of inv.buckets) {
    if (!b.logsTo) continue;
    const r = requestsTo(b);
    const requests = r.writes + r.reads;
    const f = flow(b.logsTo);
    f.bytes += requests * a.accessLogBytesPerRequest;
    f.objects += Math.min(requests, a.accessLogObjectsPerBucketHour * HOURS_PER_MONTH);
    addRecords(b.logsTo, requests, 1);
  }
  let interRegionBytes = 0;
  const bucketByName = new Map(inv.buckets.map((b) => [b.name, b]));
  for (const b of inv.buckets) {
    const source = flows.get(b.name);
    if (!b.replicatesTo || !source) continue;
    const f = flow(b.replicatesTo);
    f.bytes += source.bytes;
    f.objects += source.objects;
    f.puts += source.objects; // replication PUTs, billed to the source account
    const r = records.get(b.name);
    if (r) addRecords(b.replicatesTo, r.records, r.sources);
    if (bucketByName.get(b.replicatesTo)?.region !== b.region) interRegionBytes += source.bytes;
  }

  // Functions: what each processes in a month.
  const forwardedEvents = inv.forwardingRules.length * a.forwardedEventsPerAccountRegion;
  const work = (fn: LambdaFunction) => {
    if (fn.queue) {
      const fed = inv.buckets.filter((b) => b.notifies === fn.queue!.name);
      const messages = fed.reduce((s, b) => s + (flows.get(b.name)?.objects ?? 0), 0);
      const rec = fed.reduce(
        (s, b) => ({
          records: s.records + (records.get(b.name)?.records ?? 0),
          sources: s.sources + (records.get(b.name)?.sources ?? 0),
        }),
        { records: 0, sources: 0 },
      );
      for (const b of fed) flow(b.name).gets += flows.get(b.name)?.objects ?? 0;
      return {
        messages,
        invocations: messages / fn.queue.batchSize,
        seconds: (messages * a.accessLogProcessorMsPerObject) / 1000,
        logBytes: messages * a.accessLogProcessorLogBytesPerObject,
        records: rec.records,
        loggedBuckets: rec.sources,
      };
    }
    if (fn.eventRule) {
      return {
        messages: 0,
        invocations: forwardedEvents,
        seconds: (forwardedEvents * a.securityResponderMsPerInvocation) / 1000,
        logBytes: forwardedEvents * a.securityResponderLogBytesPerInvocation,
        records: 0,
        loggedBuckets: 0,
      };
    }
    return { messages: 0, invocations: 0, seconds: 0, logBytes: 0, records: 0, loggedBuckets: 0 };
  };
  const works = new Map(inv.functions.map((fn) => [fn.name, work(fn)]));

  // ---- CloudTrail
  if (trail) {
    const scope = trail.organization ? plural(orgAccounts, "account") : "one account";
    if (trail.managementEvents) {
      if (a.otherTrailsWithManagementEvents > 0) {
        out.add(
          "cloudtrail.management",
          `${trail.name}: management events of ${scope}, an additional copy (another trail records them first)`,
          "cloudtrail.managementEventsAdditionalCopy",
          managementEvents,
        );
      } else {
        out.add(
          "cloudtrail.management",
          `${trail.name}: management events of ${scope}, first copy`,
          "cloudtrail.managementEventsFirstCopy",
          managementEvents,
        );
      }
    }
    const declared = inv.buckets.filter((b) => b.recorded.writes || b.recorded.reads);
    const rw = declared.filter((b) => b.recorded.reads && b.recorded.writes).length;
    out.add(
      "cloudtrail.data",
      `${trail.name}: S3 data events of ${plural(declared.length, "bucket")} (${fmt(rw)} read and write, ` +
        `${fmt(declared.length - rw)} write only)` +
        (undeclaredBuckets > 0 ? ` and ${plural(undeclaredBuckets, "undeclared bucket")}` : ""),
      "cloudtrail.dataEvents",
      dataEvents,
    );
  }

  // ---- CloudWatch Logs
  for (const g of inv.logGroups) {
    const w = g.function ? works.get(g.function) : undefined;
    const ingested =
      g.source === "trail"
        ? trailEvents * a.cloudTrailEventBytes
        : g.source === "function-records"
          ? (w?.records ?? 0) * a.accessLogRecordBytes
          : g.source === "function"
            ? (w?.logBytes ?? 0)
            : 0;
    const what =
      g.source === "trail"
        ? "the trail's events"
        : g.source === "function-records"
          ? `access-log records written by ${g.function}`
          : g.source === "function"
            ? `${g.function}'s own log`
            : "not modeled";
    const days = g.retentionDays ?? UNEXPIRED_DAYS;
    out.add(`logs.${g.name}.ingestion`, `${g.name}: ingestion (${what})`, "cloudwatch.logsIngestion", ingested / GB);
    out.add(
      `logs.${g.name}.storage`,
      `${g.name}: storage, ${g.retentionDays ? `${days} days` : "never expires: one year shown"}, compressed`,
      "cloudwatch.logsStorage",
      ((ingested / GB) * days * a.cloudWatchLogsCompressionRatio) / DAYS_PER_MONTH,
    );
  }

  // ---- CloudWatch: metrics, alarms, dashboards, Contributor Insights
  out.add(
    "cloudwatch.metrics.filters",
    `custom metrics of ${plural(inv.metricFilters, "metric filter")}`,
    "cloudwatch.customMetrics",
    inv.metricFilterMetrics,
  );
  for (const fn of inv.functions.filter((f) => f.queue)) {
    const w = works.get(fn.name)!;
    out.add(
      `cloudwatch.metrics.${fn.name}`,
      `custom metrics of ${fn.name}: ${plural(w.loggedBuckets, "logged bucket")} x ${a.accessLogMetricsPerBucket}`,
      "cloudwatch.customMetrics",
      w.loggedBuckets * a.accessLogMetricsPerBucket,
    );
  }
  out.add(
    "cloudwatch.metrics.alarmed",
    "custom metrics published by the functions and watched by alarms",
    "cloudwatch.customMetrics",
    inv.alarmedFunctionMetrics,
  );
  const filtersCount = inv.buckets.reduce((s, b) => s + b.metricsFilters, 0);
  out.add(
    "cloudwatch.metrics.s3",
    `S3 request metrics: ${plural(filtersCount, "metrics filter")} x ${a.s3RequestMetricsPerFilter}`,
    "cloudwatch.customMetrics",
    filtersCount * a.s3RequestMetricsPerFilter,
  );
  const standard = inv.alarms.filter((x) => !x.highResolution);
  const high = inv.alarms.filter((x) => x.highResolution);
  out.add(
    "cloudwatch.alarms",
    `alarms: ${plural(standard.length, "alarm")} reading their metrics`,
    "cloudwatch.alarmStandard",
    standard.reduce((s, x) => s + x.metrics, 0),
  );
  if (high.length > 0) {
    out.add(
      "cloudwatch.alarmsHighResolution",
      `high-resolution alarms: ${plural(high.length, "alarm")}`,
      "cloudwatch.alarmHighResolution",
      high.reduce((s, x) => s + x.metrics, 0),
    );
  }
  out.add("cloudwatch.dashboards", "dashboards", "cloudwatch.dashboard", inv.dashboards);
  out.add(
    "cloudwatch.contributorInsights.rules",
    "Contributor Insights rules",
    "cloudwatch.contributorInsightsRule",
    inv.contributorInsightsRules.length,
  );
  const eventsIn = (group: string) =>
    inv.logGroups.find((g) => g.name === group)?.source === "trail" ? trailEvents : 0;
  out.add(
    "cloudwatch.contributorInsights.events",
    `Contributor Insights: matched log events (${a.contributorInsightsMatchShare} of the trail's events per rule)`,
    "cloudwatch.contributorInsightsEvents",
    inv.contributorInsightsRules.reduce(
      (s, r) => s + r.logGroups.reduce((t, g) => t + eventsIn(g), 0) * a.contributorInsightsMatchShare,
      0,
    ),
  );

  // ---- S3: the project's own buckets, by role
  const { glacierBytes, standardBytes } = prices.facts.glacierObjectOverhead;
  for (const role of Object.keys(ROLE_LABEL) as (keyof typeof ROLE_LABEL)[]) {
    const buckets = bucketsByRole(role);
    if (buckets.length === 0) continue;
    const label = `${ROLE_LABEL[role]}${buckets.length > 1 ? ` (${fmt(buckets.length)})` : ""}`;
    let standardGbMonths = 0;
    let glacierGbMonths = 0;
    let transitions = 0;
    let puts = 0;
    let gets = 0;
    const spans = new Set<string>();
    for (const b of buckets) {
      const f = flows.get(b.name) ?? { bytes: 0, objects: 0, puts: 0, gets: 0 };
      const expiration = b.lifecycle.expirationDays ?? UNEXPIRED_DAYS;
      // S3 does not transition objects under the lifecycle's minimum size (128 KiB
      // by default): small log files stay in S3 Standard until they expire.
      const averageObjectBytes = f.objects > 0 ? f.bytes / f.objects : 0;
      const toGlacier =
        b.lifecycle.transitionClass === "GLACIER" &&
        (b.lifecycle.transitionDays ?? Infinity) < expiration &&
        averageObjectBytes >= b.lifecycle.transitionMinimumBytes
          ? b.lifecycle.transitionDays
          : undefined;
      const bytesPerDay = f.bytes / DAYS_PER_MONTH;
      const objectsPerDay = f.objects / DAYS_PER_MONTH;
      standardGbMonths += (bytesPerDay * (toGlacier ?? expiration)) / GB;
      if (toGlacier !== undefined) {
        const archived = objectsPerDay * (expiration - toGlacier);
        glacierGbMonths += (bytesPerDay * (expiration - toGlacier) + archived * glacierBytes) / GB;
        standardGbMonths += (archived * standardBytes) / GB;
        transitions += f.objects;
      }
      spans.add(toGlacier !== undefined ? `${toGlacier}/${expiration}` : `${expiration}`);
      puts += f.puts;
      gets += f.gets;
    }
    const [span] = spans;
    const [first, last] = span.split("/");
    out.add(
      `s3.${role}.standard`,
      `${label}: S3 Standard storage, ${first} days${last ? " (with 8 KB per archived object)" : ""}`,
      "s3.standardStorage",
      standardGbMonths,
    );
    if (glacierGbMonths > 0) {
      out.add(
        `s3.${role}.glacier`,
        `${label}: Glacier Flexible Retrieval storage, days ${first} to ${last} (with 32 KB per object)`,
        "s3.glacierFlexibleStorage",
        glacierGbMonths,
      );
      out.add(
        `s3.${role}.transitions`,
        `${label}: lifecycle transitions to Glacier`,
        "s3.glacierTransitions",
        transitions,
      );
    }
    const putWhat: Partial<Record<BucketRole, string>> = {
      "cloudtrail-archive": "log and digest files delivered by CloudTrail",
      "access-log-archive": "replication of access logs (billed to each source account)",
      "config-history": "history files delivered by Config",
      "athena-results": "query results",
    };
    const getWhat: Partial<Record<BucketRole, string>> = {
      "cloudtrail-archive": "log files read by Athena",
      "access-log-archive": "log objects read by the access-log processor",
      "athena-results": "query results read",
    };
    if (puts > 0) out.add(`s3.${role}.puts`, `${label}: PUT requests, ${putWhat[role]}`, "s3.putRequests", puts);
    if (gets > 0) out.add(`s3.${role}.gets`, `${label}: GET requests, ${getWhat[role]}`, "s3.getRequests", gets);
  }
  if (interRegionBytes > 0) {
    out.add(
      "s3.interRegion",
      "data transfer between Regions: access logs replicated to the archive's Region",
      "dataTransfer.interRegion",
      interRegionBytes / GB,
    );
  }

  // ---- KMS
  out.add("kms.keys", "customer managed keys", "kms.key", inv.kmsKeys.length);
  const rotating = inv.kmsKeys.filter((k) => k.rotation).length;
  out.add(
    "kms.rotations",
    `rotated key material: ${plural(rotating, "rotating key")} x ${a.kmsRotationsPerKey} paid rotations`,
    "kms.rotatedKeyMaterial",
    rotating * a.kmsRotationsPerKey,
  );
  const busyKeys = inv.kmsKeys.filter((k) => !k.snsTopic).length;
  out.add(
    "kms.requests.services",
    `requests from services caching data keys: ${plural(busyKeys, "key")} x ${fmt(a.kmsRequestsPerKey)}` +
      ` (not the ${fmt(inv.kmsKeys.length - busyKeys)} SNS topic keys: notifications are rare)`,
    "kms.requests",
    busyKeys * a.kmsRequestsPerKey,
  );
  if (trail?.kmsEncrypted) {
    out.add("kms.requests.cloudtrail", "requests: a data key per CloudTrail log file", "kms.requests", logFiles);
  }
  if (inv.kmsKeys.some((k) => k.cloudTrailArchive) && athenaObjectsRead > 0) {
    out.add(
      "kms.requests.athena",
      "requests: Athena decrypting the CloudTrail log files it reads",
      "kms.requests",
      athenaObjectsRead,
    );
  }

  // ---- Lambda, X-Ray
  for (const fn of inv.functions) {
    const w = works.get(fn.name)!;
    out.add(`lambda.${fn.name}.requests`, `${fn.name}: requests`, "lambda.requests", w.invocations);
    out.add(
      `lambda.${fn.name}.duration`,
      `${fn.name}: duration, ${fn.arm ? "arm64" : "x86_64"}, ${fn.memoryMb} MB`,
      fn.arm ? "lambda.durationArm" : "lambda.durationX86",
      (w.seconds * fn.memoryMb) / 1024,
    );
  }
  for (const fn of inv.functions.filter((f) => f.tracing)) {
    out.add(
      `xray.${fn.name}`,
      `${fn.name}: traces (active tracing, one per invocation at most)`,
      "xray.tracesRecorded",
      works.get(fn.name)!.invocations,
    );
  }

  // ---- SQS
  for (const q of inv.queues.filter((x) => x.role === "trigger")) {
    const fn = inv.functions.find((f) => f.queue?.name === q.name);
    const w = fn ? works.get(fn.name)! : undefined;
    const invocations = w?.invocations ?? 0;
    const polls = (fn?.queue?.pollers ?? 5) * a.sqsReceivesPerPoller;
    out.add(
      `sqs.${q.name}`,
      `${q.name}: S3 notifications, receives (${fmt(fn?.queue?.pollers ?? 5)} pollers, long polling) and deletes`,
      "sqs.standardRequests",
      (w?.messages ?? 0) + invocations + Math.max(polls, invocations),
    );
  }
  const dlqs = inv.queues.filter((x) => x.role !== "trigger").length;
  if (dlqs > 0) {
    out.add(
      "sqs.idle",
      `${plural(dlqs, "dead-letter queue")}: empty unless processing fails`,
      "sqs.standardRequests",
      0,
    );
  }

  // ---- DynamoDB
  for (const t of inv.tables) {
    const fn = inv.functions.find((f) => Object.values(f.environment).includes(t.name));
    const objects = fn ? works.get(fn.name)!.messages : 0;
    const gb = (objects * (a.dynamoDbItemDays / DAYS_PER_MONTH) * a.dynamoDbItemBytes) / GB;
    out.add(
      `dynamodb.${t.name}.writes`,
      `${t.name}: writes (${a.dynamoDbWritesPerObject} per processed object)`,
      "dynamodb.writeRequestUnits",
      t.onDemand ? objects * a.dynamoDbWritesPerObject : 0,
    );
    out.add(`dynamodb.${t.name}.storage`, `${t.name}: storage`, "dynamodb.storage", gb);
    if (t.pointInTimeRecovery) {
      out.add(`dynamodb.${t.name}.pitr`, `${t.name}: point-in-time recovery`, "dynamodb.pitr", gb);
    }
  }

  // ---- EventBridge
  out.add(
    "eventbridge.forwarded",
    `events forwarded to the central bus from ${plural(inv.forwardingRules.length, "account-Region")}`,
    "eventbridge.crossAccountEvents",
    forwardedEvents,
  );

  // ---- AWS Config
  if (inv.recorders.some((r) => !r.periodic)) {
    out.add(
      "config.items",
      `configuration items of ${plural(inv.recorders.filter((r) => !r.periodic).length, "recorder")}`,
      "config.configurationItemsContinuous",
      itemsContinuous,
    );
  }
  if (inv.recorders.some((r) => r.periodic)) {
    out.add(
      "config.itemsPeriodic",
      `configuration items of ${plural(inv.recorders.filter((r) => r.periodic).length, "daily recorder")}`,
      "config.configurationItemsPeriodic",
      itemsPeriodic,
    );
  }
  const bucketItemsIn = (region: string) =>
    (inv.buckets.filter((b) => b.region === region).length + (region === homeRegion ? undeclaredBuckets : 0)) *
    a.configItemsPerBucket;
  for (const p of inv.conformancePacks) {
    const accounts = Math.max(0, orgAccounts - p.excludedAccounts);
    const evaluations = p.rules.reduce((s, rule) => {
      if (rule.runsPerDay !== undefined) return s + accounts * rule.runsPerDay * DAYS_PER_MONTH;
      return s + (rule.resourceTypes.includes("AWS::S3::Bucket") ? bucketItemsIn(p.region) : 0);
    }, 0);
    out.add(
      `config.pack.${p.region}`,
      `conformance pack ${p.name}, ${p.region}: ${plural(p.rules.length, "rule")}, ${plural(accounts, "account")}`,
      "config.conformancePackEvaluations",
      evaluations,
      `config.conformancePackEvaluations/${p.region}`,
    );
  }

  // ---- IAM Access Analyzer
  out.add(
    "accessAnalyzer.analyzers",
    `external access analyzers (${[...new Set(inv.analyzers.map((x) => x.type.toLowerCase()))].join(", ") || "none"})`,
    "accessAnalyzer.externalAccess",
    inv.analyzers.length,
  );

  // ---- Athena
  if (workgroup) {
    out.add(
      "athena.scanned",
      `data scanned by queries in ${workgroup.name}`,
      "athena.dataScanned",
      a.athenaTbScannedPerMonth,
    );
  }

  return out.estimate();
}
