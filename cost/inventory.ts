/**
 * What the project deploys, read from the synthesized Terraform JSON of its stacks:
 * trails and what they record, buckets and their roles, lifecycles, logging and
 * replication, log groups, metrics, alarms, keys, functions, queues, tables, event
 * forwarding, Config recorders and conformance packs, analyzers, Athena workgroups.
 *
 * `inventory` is a pure function of the stacks' JSON (`stack.toTerraform()`), so the
 * estimate counts what synthesis produces, never a second list kept by hand.
 */
import { parse as parseYaml } from "yaml";

type Attrs = Record<string, unknown>;

/** One stack's Terraform JSON, as `TerraformStack.toTerraform()` returns it. */
export interface StackJson {
  readonly "//"?: { readonly metadata?: { readonly stackName?: string } };
  readonly provider?: { readonly aws?: readonly Attrs[] };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Attrs>>>>;
}

/** Where a resource lives. */
export interface Location {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
}

export type BucketRole =
  "cloudtrail-archive" | "access-logs" | "access-log-archive" | "config-history" | "athena-results" | "workload";

/** What a trail records for the objects of one bucket. */
export interface Recorded {
  readonly reads: boolean;
  readonly writes: boolean;
}

export interface Lifecycle {
  /** Days after which objects move to another class, if they do. */
  readonly transitionDays?: number;
  readonly transitionClass?: string;
  /** Days after which objects expire, if they do. */
  readonly expirationDays?: number;
  /**
   * Objects smaller than this never transition (`transition_default_minimum_object_size`:
   * S3's default, `all_storage_classes_128K`, is 128 KiB; `varies_by_storage_class` lets
   * objects of any size move to Glacier Flexible Retrieval or Deep Archive).
   */
  readonly transitionMinimumBytes: number;
}

export interface Bucket extends Location {
  readonly name: string;
  readonly role: BucketRole;
  /** What the organization trail records of its objects (none for a log bucket). */
  readonly recorded: Recorded;
  readonly lifecycle: Lifecycle;
  /** The bucket its server access logs go to. */
  readonly logsTo?: string;
  /** The bucket it replicates new objects to. */
  readonly replicatesTo?: string;
  /** The queue its object-created notifications go to. */
  readonly notifies?: string;
  /** S3 request-metrics filters (aws_s3_bucket_metric). */
  readonly metricsFilters: number;
}

export interface Trail extends Location {
  readonly name: string;
  readonly organization: boolean;
  readonly managementEvents: boolean;
  readonly bucket: string;
  readonly logGroup?: string;
  readonly kmsEncrypted: boolean;
  readonly logFileValidation: boolean;
  /** What it records of a bucket the configuration does not declare. */
  readonly undeclaredBuckets: Recorded;
}

export type LogGroupSource = "trail" | "function" | "function-records" | "other";

export interface LogGroup extends Location {
  readonly name: string;
  readonly retentionDays?: number;
  readonly source: LogGroupSource;
  /** The function that writes it (its own log, or records it writes). */
  readonly function?: string;
}

export interface LambdaFunction extends Location {
  readonly name: string;
  readonly memoryMb: number;
  readonly arm: boolean;
  readonly tracing: boolean;
  /** The SQS queue that triggers it, with the trigger's batch size and pollers. */
  readonly queue?: { readonly name: string; readonly batchSize: number; readonly pollers: number };
  /** Invoked by an EventBridge rule. */
  readonly eventRule: boolean;
  readonly environment: Readonly<Record<string, string>>;
}

export interface Queue extends Location {
  readonly name: string;
  readonly role: "trigger" | "dead-letter" | "other";
}

export interface Table extends Location {
  readonly name: string;
  readonly onDemand: boolean;
  readonly pointInTimeRecovery: boolean;
}

export interface Alarm {
  /** Metrics the alarm reads (metric math reads several). */
  readonly metrics: number;
  readonly highResolution: boolean;
}

export interface KmsKey extends Location {
  readonly id: string;
  readonly rotation: boolean;
  /** The key encrypts the CloudTrail archive (its log files are encrypted under it). */
  readonly cloudTrailArchive: boolean;
  /** The key encrypts an SNS topic (and is used only when a notification is published). */
  readonly snsTopic: boolean;
}

export interface Recorder extends Location {
  readonly resourceTypes: readonly string[];
  readonly periodic: boolean;
}

export interface ConformancePackRule {
  readonly name: string;
  /** Runs per day of a periodic rule; undefined for a change-triggered rule. */
  readonly runsPerDay?: number;
  /** Resource types a change-triggered rule evaluates. */
  readonly resourceTypes: readonly string[];
}

export interface ConformancePack extends Location {
  readonly name: string;
  readonly rules: readonly ConformancePackRule[];
  readonly excludedAccounts: number;
}

export interface Inventory {
  readonly stacks: number;
  /** Accounts that hold at least one resource. */
  readonly accounts: readonly string[];
  /** Distinct (account, Region) pairs that hold at least one resource. */
  readonly accountRegions: number;
  readonly trails: readonly Trail[];
  readonly buckets: readonly Bucket[];
  readonly logGroups: readonly LogGroup[];
  /** Distinct metrics the metric filters publish. */
  readonly metricFilterMetrics: number;
  readonly metricFilters: number;
  /** Metrics in custom namespaces that alarms watch and no metric filter publishes (functions publish them). */
  readonly alarmedFunctionMetrics: number;
  readonly alarms: readonly Alarm[];
  readonly dashboards: number;
  /** Contributor Insights rules, with the log groups each reads. */
  readonly contributorInsightsRules: readonly { readonly logGroups: readonly string[] }[];
  readonly kmsKeys: readonly KmsKey[];
  readonly functions: readonly LambdaFunction[];
  readonly queues: readonly Queue[];
  readonly tables: readonly Table[];
  /** Rules that forward events to an event bus (each in one account and Region). */
  readonly forwardingRules: readonly Location[];
  readonly eventBuses: number;
  readonly recorders: readonly Recorder[];
  readonly conformancePacks: readonly ConformancePack[];
  readonly analyzers: readonly (Location & { readonly type: string })[];
  readonly athenaWorkgroups: readonly (Location & { readonly name: string; readonly resultsBucket?: string })[];
}

// ---------------------------------------------------------------------------------
// Reading Terraform JSON

const REFERENCE = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}/;

interface Resource {
  readonly type: string;
  readonly id: string;
  readonly attrs: Attrs;
  readonly at: Location;
  readonly stack: StackView;
}

class StackView {
  readonly name: string;
  private readonly providers = new Map<string, { account: string; region: string }>();

  constructor(
    readonly json: StackJson,
    index: number,
  ) {
    this.name = json["//"]?.metadata?.stackName ?? `stack-${index}`;
    for (const p of json.provider?.aws ?? []) {
      const account = (p.allowed_account_ids as string[] | undefined)?.[0] ?? "unknown";
      this.providers.set(p.alias ? `aws.${String(p.alias)}` : "aws", { account, region: String(p.region) });
    }
  }

  resources(type: string): Resource[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([id, attrs]) => ({
      type,
      id,
      attrs,
      at: this.locate(attrs),
      stack: this,
    }));
  }

  resource(type: string, id: string): Attrs | undefined {
    return this.json.resource?.[type]?.[id];
  }

  private locate(attrs: Attrs): Location {
    const p = this.providers.get(typeof attrs.provider === "string" ? attrs.provider : "aws") ??
      this.providers.get("aws") ?? { account: "unknown", region: "unknown" };
    return { stack: this.name, ...p };
  }

  /**
   * The name a value stands for: a literal name, an ARN's last part, or the named
   * attribute of the resource a `${type.id.attr}` reference points to.
   */
  nameOf(value: unknown, nameAttr: Record<string, string>): string | undefined {
    if (typeof value !== "string") return undefined;
    const m = REFERENCE.exec(value);
    if (m) {
      const target = this.resource(m[1], m[2]);
      const attr = nameAttr[m[1]];
      return target && attr ? stringOr(target[attr]) : undefined;
    }
    if (value.startsWith("arn:")) {
      const rest = value.split(":").slice(5).join(":");
      return rest
        .replace(/^log-group:/, "")
        .replace(/^[a-z-]+\//, "")
        .replace(/:\*$/, "");
    }
    return value;
  }

  /** The resource a `${type.id.attr}` reference points to. */
  target(value: unknown): { type: string; id: string } | undefined {
    const m = typeof value === "string" ? REFERENCE.exec(value) : null;
    return m ? { type: m[1], id: m[2] } : undefined;
  }
}

const stringOr = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = <T = Attrs>(v: unknown): T[] =>
  Array.isArray(v) ? (v as T[]) : v === undefined || v === null ? [] : [v as T];

/** Attributes that carry a resource's name, by type, to resolve references. */
const NAME_ATTR: Record<string, string> = {
  aws_s3_bucket: "bucket",
  aws_cloudwatch_log_group: "name",
  aws_sqs_queue: "name",
  aws_lambda_function: "function_name",
  aws_dynamodb_table: "name",
  aws_cloudwatch_event_bus: "name",
};

// ---------------------------------------------------------------------------------
// Advanced event selectors

interface FieldSelector {
  field: string;
  equals?: string[];
  not_equals?: string[];
  starts_with?: string[];
  not_starts_with?: string[];
  ends_with?: string[];
  not_ends_with?: string[];
}

const NONE: Recorded = { reads: false, writes: false };

/**
 * What a trail's selectors record for all objects of a bucket (`arn:aws:s3:::<name>/`).
 * Selectors limited to named events (the deletions recorded in log buckets) record no
 * ordinary traffic; a prefix inside the bucket counts as the whole bucket.
 */
export function recordedFor(trail: Attrs, bucketName: string): Recorded {
  const objects = `arn:aws:s3:::${bucketName}/`;
  const advanced = list(trail.advanced_event_selector);
  let reads = false;
  let writes = false;
  for (const selector of advanced) {
    const fields = list<FieldSelector>(selector.field_selector);
    const get = (name: string) => fields.find((f) => f.field === name);
    if (!get("eventCategory")?.equals?.includes("Data")) continue;
    if (!get("resources.type")?.equals?.includes("AWS::S3::Object")) continue;
    if (get("eventName")) continue;
    const arn = get("resources.ARN");
    if (arn && !arnMatches(arn, objects)) continue;
    const readOnly = get("readOnly")?.equals;
    if (!readOnly || readOnly.includes("true")) reads = true;
    if (!readOnly || readOnly.includes("false")) writes = true;
  }
  for (const selector of list(trail.event_selector)) {
    for (const resource of list(selector.data_resource)) {
      if (resource.type !== "AWS::S3::Object") continue;
      if (!list<string>(resource.values).some((v) => objects.startsWith(v) || v.startsWith(objects))) continue;
      const rw = stringOr(selector.read_write_type) ?? "All";
      if (rw !== "WriteOnly") reads = true;
      if (rw !== "ReadOnly") writes = true;
    }
  }
  return reads || writes ? { reads, writes } : NONE;
}

function arnMatches(f: FieldSelector, objects: string): boolean {
  const covers = (p: string) => objects.startsWith(p) || p.startsWith(objects);
  if (f.equals && !f.equals.some((v) => v.startsWith(objects))) return false;
  if (f.starts_with && !f.starts_with.some(covers)) return false;
  if (f.not_starts_with?.some((p) => objects.startsWith(p))) return false;
  if (f.not_equals?.some((v) => v === objects)) return false;
  return true;
}

function recordsManagementEvents(trail: Attrs): boolean {
  const advanced = list(trail.advanced_event_selector);
  if (advanced.length > 0) {
    return advanced.some((s) =>
      list<FieldSelector>(s.field_selector).some(
        (f) => f.field === "eventCategory" && f.equals?.includes("Management"),
      ),
    );
  }
  const basic = list(trail.event_selector);
  return basic.length === 0 || basic.some((s) => s.include_management_events !== false);
}

// ---------------------------------------------------------------------------------
// Conformance packs

const RUNS_PER_DAY: Record<string, number> = {
  One_Hour: 24,
  Three_Hours: 8,
  Six_Hours: 4,
  Twelve_Hours: 2,
  TwentyFour_Hours: 1,
};

function packRules(templateBody: unknown): ConformancePackRule[] {
  if (typeof templateBody !== "string") return [];
  const template = parseYaml(templateBody) as { Resources?: Record<string, { Type?: string; Properties?: Attrs }> };
  return Object.entries(template?.Resources ?? {})
    .filter(([, r]) => r.Type === "AWS::Config::ConfigRule")
    .map(([id, r]) => {
      const props = r.Properties ?? {};
      const frequency = stringOr(props.MaximumExecutionFrequency);
      const scope = (props.Scope ?? {}) as Attrs;
      return {
        name: stringOr(props.ConfigRuleName) ?? id,
        runsPerDay: frequency ? (RUNS_PER_DAY[frequency] ?? 1) : undefined,
        resourceTypes: list<string>(scope.ComplianceResourceTypes),
      };
    });
}

// ---------------------------------------------------------------------------------

/** What the stacks deploy. Pure: the same JSON gives the same inventory. */
export function inventory(stackJsons: readonly StackJson[]): Inventory {
  const stacks = stackJsons.map((json, i) => new StackView(json, i));
  const all = (type: string): Resource[] => stacks.flatMap((s) => s.resources(type));
  const nameOf = (r: Resource, attr: string) => r.stack.nameOf(r.attrs[attr], NAME_ATTR);

  // Trails and the names of the buckets whose roles other resources give.
  const trailResources = all("aws_cloudtrail");
  const cloudTrailBuckets = new Set(trailResources.map((t) => stringOr(t.attrs.s3_bucket_name) ?? ""));
  const replication = all("aws_s3_bucket_replication_configuration").flatMap((r) =>
    list(r.attrs.rule)
      .filter((rule) => rule.status !== "Disabled")
      .map((rule) => ({
        source: nameOf(r, "bucket"),
        destination: r.stack.nameOf((rule.destination as Attrs | undefined)?.bucket, NAME_ATTR),
      })),
  );
  const logging = all("aws_s3_bucket_logging").map((r) => ({
    source: nameOf(r, "bucket"),
    target: nameOf(r, "target_bucket"),
  }));
  const configHistory = new Set(all("aws_config_delivery_channel").map((r) => stringOr(r.attrs.s3_bucket_name)));
  const workgroups = all("aws_athena_workgroup").map((r) => {
    const location = stringOr(
      ((r.attrs.configuration as Attrs | undefined)?.result_configuration as Attrs | undefined)?.output_location,
    );
    return {
      ...r.at,
      name: stringOr(r.attrs.name) ?? r.id,
      resultsBucket: location?.replace(/^s3:\/\//, "").split("/")[0],
    };
  });
  const athenaResults = new Set(workgroups.map((w) => w.resultsBucket));
  const archives = new Set(replication.map((r) => r.destination));
  const accessLogBuckets = new Set([...logging.map((l) => l.target), ...replication.map((r) => r.source)]);
  const notifications = all("aws_s3_bucket_notification").map((r) => ({
    bucket: nameOf(r, "bucket"),
    queues: list(r.attrs.queue).map((q) => r.stack.nameOf(q.queue_arn, NAME_ATTR)),
  }));

  const roleOf = (name: string): BucketRole =>
    cloudTrailBuckets.has(name)
      ? "cloudtrail-archive"
      : archives.has(name)
        ? "access-log-archive"
        : accessLogBuckets.has(name)
          ? "access-logs"
          : configHistory.has(name)
            ? "config-history"
            : athenaResults.has(name)
              ? "athena-results"
              : "workload";

  const lifecycles = new Map<string, Lifecycle>();
  for (const r of all("aws_s3_bucket_lifecycle_configuration")) {
    const name = nameOf(r, "bucket");
    if (!name) continue;
    let transitionDays: number | undefined;
    let transitionClass: string | undefined;
    let expirationDays: number | undefined;
    for (const rule of list(r.attrs.rule)) {
      if (rule.status === "Disabled") continue;
      // Only whole-bucket rules: a prefix rule covers part of the objects.
      if (list(rule.filter).some((f) => f.prefix !== undefined && f.prefix !== "")) continue;
      for (const e of list(rule.expiration)) {
        if (typeof e.days === "number") expirationDays = Math.min(expirationDays ?? Infinity, e.days);
      }
      for (const t of list(rule.transition)) {
        if (typeof t.days === "number" && t.days < (transitionDays ?? Infinity)) {
          transitionDays = t.days;
          transitionClass = stringOr(t.storage_class);
        }
      }
    }
    const minimum = stringOr(r.attrs.transition_default_minimum_object_size) ?? "all_storage_classes_128K";
    const anySize =
      minimum === "varies_by_storage_class" && ["GLACIER", "DEEP_ARCHIVE"].includes(transitionClass ?? "");
    lifecycles.set(name, {
      transitionDays,
      transitionClass,
      expirationDays,
      transitionMinimumBytes: anySize ? 0 : 128 * 1024,
    });
  }
  const metricsFilters = new Map<string, number>();
  for (const r of all("aws_s3_bucket_metric")) {
    const name = nameOf(r, "bucket");
    if (name) metricsFilters.set(name, (metricsFilters.get(name) ?? 0) + 1);
  }

  const orgTrail = trailResources.find((t) => t.attrs.is_organization_trail === true) ?? trailResources[0];
  const logsTo = new Map(logging.map((l) => [l.source, l.target]));
  const replicatesTo = new Map(replication.map((r) => [r.source, r.destination]));
  const notifies = new Map(notifications.map((n) => [n.bucket, n.queues[0]]));
  const buckets: Bucket[] = all("aws_s3_bucket").map((r) => {
    const name = stringOr(r.attrs.bucket) ?? r.id;
    const role = roleOf(name);
    return {
      ...r.at,
      name,
      role,
      recorded: orgTrail && role !== "cloudtrail-archive" ? recordedFor(orgTrail.attrs, name) : NONE,
      lifecycle: lifecycles.get(name) ?? { transitionMinimumBytes: 128 * 1024 },
      logsTo: logsTo.get(name),
      replicatesTo: replicatesTo.get(name),
      notifies: notifies.get(name),
      metricsFilters: metricsFilters.get(name) ?? 0,
    };
  });

  const trails: Trail[] = trailResources.map((t) => ({
    ...t.at,
    name: stringOr(t.attrs.name) ?? t.id,
    organization: t.attrs.is_organization_trail === true,
    managementEvents: recordsManagementEvents(t.attrs),
    bucket: stringOr(t.attrs.s3_bucket_name) ?? "",
    logGroup: t.stack.nameOf(t.attrs.cloud_watch_logs_group_arn, NAME_ATTR),
    kmsEncrypted: t.attrs.kms_key_id !== undefined,
    logFileValidation: t.attrs.enable_log_file_validation === true,
    // A name no selector lists: what the organization-wide selectors record.
    undeclaredBuckets: recordedFor(t.attrs, "\u0000undeclared"),
  }));

  // Functions, their triggers and queues.
  const mappings = all("aws_lambda_event_source_mapping").map((m) => ({
    fn: nameOf(m, "function_name"),
    queue: nameOf(m, "event_source_arn"),
    batchSize: typeof m.attrs.batch_size === "number" ? m.attrs.batch_size : 10,
    pollers: Number((m.attrs.scaling_config as Attrs | undefined)?.maximum_concurrency ?? 5),
  }));
  const ruleTargets = all("aws_cloudwatch_event_target");
  const functionResources = all("aws_lambda_function");
  const functions: LambdaFunction[] = functionResources.map((f) => {
    const name = stringOr(f.attrs.function_name) ?? f.id;
    const mapping = mappings.find((m) => m.fn === name);
    const environment = ((f.attrs.environment as Attrs | undefined)?.variables ?? {}) as Record<string, string>;
    return {
      ...f.at,
      name,
      memoryMb: typeof f.attrs.memory_size === "number" ? f.attrs.memory_size : 128,
      arm: list<string>(f.attrs.architectures).includes("arm64"),
      tracing: (f.attrs.tracing_config as Attrs | undefined)?.mode === "Active",
      queue: mapping?.queue
        ? { name: mapping.queue, batchSize: mapping.batchSize, pollers: mapping.pollers }
        : undefined,
      eventRule: ruleTargets.some((t) => t.stack === f.stack && t.stack.target(t.attrs.arn)?.id === f.id),
      environment,
    };
  });
  const deadLetterQueues = new Set<string>();
  for (const f of functionResources) {
    const dlq = f.stack.nameOf((f.attrs.dead_letter_config as Attrs | undefined)?.target_arn, NAME_ATTR);
    if (dlq) deadLetterQueues.add(dlq);
  }
  const queueResources = all("aws_sqs_queue");
  for (const q of queueResources) {
    const redrive = stringOr(q.attrs.redrive_policy);
    const target = redrive ? /"deadLetterTargetArn"\s*:\s*"([^"]+)"/.exec(redrive)?.[1] : undefined;
    const dlq = target ? q.stack.nameOf(target, NAME_ATTR) : undefined;
    if (dlq) deadLetterQueues.add(dlq);
  }
  const triggerQueues = new Set(mappings.map((m) => m.queue));
  const queues: Queue[] = queueResources.map((q) => {
    const name = stringOr(q.attrs.name) ?? q.id;
    return {
      ...q.at,
      name,
      role: triggerQueues.has(name) ? "trigger" : deadLetterQueues.has(name) ? "dead-letter" : "other",
    };
  });

  const functionLogGroups = new Map<string, string>();
  for (const f of functionResources) {
    const group =
      f.stack.nameOf((f.attrs.logging_config as Attrs | undefined)?.log_group, NAME_ATTR) ??
      `/aws/lambda/${String(f.attrs.function_name)}`;
    functionLogGroups.set(group, String(f.attrs.function_name));
  }
  const trailLogGroups = new Set(trails.map((t) => t.logGroup));
  const logGroups: LogGroup[] = all("aws_cloudwatch_log_group").map((g) => {
    const name = stringOr(g.attrs.name) ?? g.id;
    const writer = functions.find((f) => Object.values(f.environment).includes(name));
    const source: LogGroupSource = trailLogGroups.has(name)
      ? "trail"
      : functionLogGroups.has(name)
        ? "function"
        : writer
          ? "function-records"
          : "other";
    return {
      ...g.at,
      name,
      retentionDays: typeof g.attrs.retention_in_days === "number" ? g.attrs.retention_in_days : undefined,
      source,
      function: source === "function" ? functionLogGroups.get(name) : writer?.name,
    };
  });

  // Metrics and alarms.
  const filterMetrics = new Set<string>();
  const filters = all("aws_cloudwatch_log_metric_filter");
  for (const f of filters) {
    for (const t of list(f.attrs.metric_transformation)) filterMetrics.add(`${String(t.namespace)}/${String(t.name)}`);
  }
  const functionMetrics = new Set<string>();
  const alarms: Alarm[] = all("aws_cloudwatch_metric_alarm").map((a) => {
    const queries = list(a.attrs.metric_query);
    const metrics = queries.length > 0 ? queries.filter((q) => q.metric).map((q) => q.metric as Attrs) : [a.attrs];
    for (const m of metrics) {
      const namespace = stringOr(m.namespace);
      const key = `${namespace}/${String(m.metric_name)}`;
      if (namespace && !namespace.startsWith("AWS/") && !filterMetrics.has(key)) {
        functionMetrics.add(`${key}/${JSON.stringify(m.dimensions ?? {})}`);
      }
    }
    const periods = metrics.map((m) => Number(m.period ?? a.attrs.period ?? 60));
    return { metrics: Math.max(1, metrics.length), highResolution: periods.some((p) => p < 60) };
  });

  const contributorInsightsRules = all("aws_cloudwatch_contributor_insight_rule").map((r) => {
    let definition: { LogGroupNames?: string[] } = {};
    try {
      definition = JSON.parse(String(r.attrs.rule_definition));
    } catch {
      // An unreadable definition reads no known log group.
    }
    return { logGroups: list<string>(definition.LogGroupNames).map((n) => r.stack.nameOf(n, NAME_ATTR) ?? n) };
  });

  // Keys: which one encrypts the CloudTrail archive.
  const archiveKeys = new Set<string>();
  for (const r of all("aws_s3_bucket_server_side_encryption_configuration")) {
    if (roleOf(nameOf(r, "bucket") ?? "") !== "cloudtrail-archive") continue;
    for (const rule of list(r.attrs.rule)) {
      const key = r.stack.target(
        (rule.apply_server_side_encryption_by_default as Attrs | undefined)?.kms_master_key_id,
      );
      if (key) archiveKeys.add(`${r.stack.name}/${key.id}`);
    }
  }
  const topicKeys = new Set(
    all("aws_sns_topic").flatMap((t) => {
      const key = t.stack.target(t.attrs.kms_master_key_id);
      return key ? [`${t.stack.name}/${key.id}`] : [];
    }),
  );
  const kmsKeys: KmsKey[] = all("aws_kms_key").map((k) => ({
    ...k.at,
    id: `${k.stack.name}/${k.id}`,
    rotation: k.attrs.enable_key_rotation === true,
    cloudTrailArchive: archiveKeys.has(`${k.stack.name}/${k.id}`),
    snsTopic: topicKeys.has(`${k.stack.name}/${k.id}`),
  }));

  const tables: Table[] = all("aws_dynamodb_table").map((t) => ({
    ...t.at,
    name: stringOr(t.attrs.name) ?? t.id,
    onDemand: t.attrs.billing_mode === "PAY_PER_REQUEST",
    pointInTimeRecovery: (t.attrs.point_in_time_recovery as Attrs | undefined)?.enabled === true,
  }));

  const forwardingRules: Location[] = ruleTargets
    .filter((t) => typeof t.attrs.arn === "string" && /^arn:aws[a-z-]*:events:.*:event-bus\//.test(t.attrs.arn))
    .map((t) => t.at);

  const recorders: Recorder[] = all("aws_config_configuration_recorder").map((r) => {
    const group = (r.attrs.recording_group ?? {}) as Attrs;
    const mode = (r.attrs.recording_mode ?? {}) as Attrs;
    return {
      ...r.at,
      resourceTypes: group.all_supported === false ? list<string>(group.resource_types) : ["*"],
      periodic: mode.recording_frequency === "DAILY",
    };
  });

  const conformancePacks: ConformancePack[] = all("aws_config_organization_conformance_pack").map((p) => ({
    ...p.at,
    name: stringOr(p.attrs.name) ?? p.id,
    rules: packRules(p.attrs.template_body),
    excludedAccounts: list(p.attrs.excluded_accounts).length,
  }));

  const located = stacks.flatMap((s) =>
    Object.keys(s.json.resource ?? {}).flatMap((type) => s.resources(type).map((r) => r.at)),
  );
  return {
    stacks: stacks.length,
    accounts: [...new Set(located.map((l) => l.account))].sort(),
    accountRegions: new Set(located.map((l) => `${l.account}/${l.region}`)).size,
    trails,
    buckets,
    logGroups,
    metricFilterMetrics: filterMetrics.size,
    metricFilters: filters.length,
    alarmedFunctionMetrics: functionMetrics.size,
    alarms,
    dashboards: all("aws_cloudwatch_dashboard").length,
    contributorInsightsRules,
    kmsKeys,
    functions,
    queues,
    tables,
    forwardingRules,
    eventBuses: all("aws_cloudwatch_event_bus").length,
    recorders,
    conformancePacks,
    analyzers: all("aws_accessanalyzer_analyzer").map((a) => ({ ...a.at, type: String(a.attrs.type ?? "ACCOUNT") })),
    athenaWorkgroups: workgroups,
  };
}
