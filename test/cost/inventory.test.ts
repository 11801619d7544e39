import { Testing } from "cdktf";
import { inventory, recordedFor, type StackJson } from "../../cost/inventory";
import { defineOrganization } from "../../stacks/organization";
import { exampleConfig } from "../helpers";
import { SMALL_ORGANIZATION } from "./small-organization";

describe("inventory of hand-made stacks", () => {
  const inv = inventory(SMALL_ORGANIZATION);
  const bucket = (name: string) => inv.buckets.find((b) => b.name === name)!;

  test("accounts and account-Regions come from the stacks' providers", () => {
    expect(inv.accounts).toEqual(["111111111111", "222222222222", "333333333333", "444444444444"]);
    expect(inv.accountRegions).toBe(4);
    expect(bucket("t-data")).toMatchObject({ account: "444444444444", region: "us-east-1", stack: "member" });
  });

  test("bucket roles follow the resources that use them", () => {
    expect(Object.fromEntries(inv.buckets.map((b) => [b.name, b.role]))).toEqual({
      "t-cloudtrail-archive-222": "cloudtrail-archive",
      "t-s3-access-logs-222-eu-west-1": "access-logs",
      "t-s3-access-logs-archive-222": "access-log-archive",
      "t-data": "workload",
      "t-lake": "workload",
      "t-s3-access-logs-444-us-east-1": "access-logs",
    });
    expect(bucket("t-data").logsTo).toBe("t-s3-access-logs-444-us-east-1");
    expect(bucket("t-s3-access-logs-444-us-east-1").replicatesTo).toBe("t-s3-access-logs-archive-222");
    expect(bucket("t-s3-access-logs-archive-222").notifies).toBe("t-queue");
    expect(bucket("t-data").metricsFilters).toBe(1);
  });

  test("what the trail records of each bucket, from its advanced event selectors", () => {
    expect(bucket("t-data").recorded).toEqual({ reads: true, writes: true });
    expect(bucket("t-lake").recorded).toEqual({ reads: false, writes: true });
    // Log buckets: only named deletions, which are not ordinary traffic.
    expect(bucket("t-s3-access-logs-archive-222").recorded).toEqual({ reads: false, writes: false });
    expect(inv.trails[0]).toMatchObject({
      name: "t-trail",
      organization: true,
      managementEvents: true,
      logGroup: "t/trail",
      logFileValidation: true,
      undeclaredBuckets: { reads: false, writes: true },
    });
  });

  test("lifecycles: whole-bucket transition and expiration days", () => {
    expect(bucket("t-cloudtrail-archive-222").lifecycle).toEqual({
      transitionDays: 30,
      transitionClass: "GLACIER",
      expirationDays: 120,
      transitionMinimumBytes: 0,
    });
    expect(bucket("t-data").lifecycle).toEqual({ transitionMinimumBytes: 128 * 1024 });
  });

  test("functions, triggers, queues, tables, log groups, keys", () => {
    expect(inv.functions.map((f) => [f.name, f.memoryMb, f.arm, f.tracing, f.queue, f.eventRule])).toEqual([
      ["t-proc", 1024, true, true, { name: "t-queue", batchSize: 10, pollers: 2 }, false],
      ["t-resp", 256, false, false, undefined, true],
    ]);
    expect(inv.queues.map((q) => [q.name, q.role])).toEqual([
      ["t-queue", "trigger"],
      ["t-dlq", "dead-letter"],
    ]);
    expect(inv.tables).toMatchObject([{ name: "t-table", onDemand: true, pointInTimeRecovery: true }]);
    expect(inv.logGroups.map((g) => [g.name, g.source, g.function, g.retentionDays])).toEqual([
      ["/aws/lambda/t-proc", "function", "t-proc", 30],
      ["t/records", "function-records", "t-proc", 30],
      ["t/trail", "trail", undefined, 30],
    ]);
    expect(inv.kmsKeys.map((k) => [k.id, k.rotation, k.cloudTrailArchive, k.snsTopic])).toEqual([
      ["log-archive/ct_key", true, true, false],
      ["log-archive/function_key", false, false, false],
      ["org-trail/alarm_key", true, false, true],
    ]);
  });

  test("alarms count the metrics they read; metrics in custom namespaces not from filters are the functions'", () => {
    expect(inv.alarms).toEqual([
      { metrics: 1, highResolution: false },
      { metrics: 2, highResolution: false },
      { metrics: 1, highResolution: true },
      { metrics: 1, highResolution: false },
    ]);
    expect([inv.metricFilters, inv.metricFilterMetrics, inv.alarmedFunctionMetrics]).toEqual([2, 2, 1]);
    expect(inv.contributorInsightsRules).toEqual([{ logGroups: ["t/trail"] }]);
  });

  test("forwarding rules, recorders, conformance pack rules, analyzers", () => {
    expect(inv.forwardingRules).toEqual([{ stack: "member", account: "444444444444", region: "us-east-1" }]);
    expect(inv.recorders).toMatchObject([{ account: "444444444444", periodic: false }]);
    expect(inv.conformancePacks[0].rules).toEqual([
      { name: "t-daily", runsPerDay: 1, resourceTypes: [] },
      { name: "t-buckets", runsPerDay: undefined, resourceTypes: ["AWS::S3::Bucket"] },
    ]);
    expect(inv.analyzers).toMatchObject([{ type: "ORGANIZATION" }]);
  });

  test("a resource on an aliased provider is located in that provider's Region", () => {
    const stack: StackJson = {
      provider: {
        aws: [
          { allowed_account_ids: ["333333333333"], region: "eu-west-1" },
          { allowed_account_ids: ["333333333333"], region: "us-east-1", alias: "us-east-1" },
        ],
      },
      resource: { aws_accessanalyzer_analyzer: { a: { type: "ORGANIZATION", provider: "aws.us-east-1" } } },
    };
    expect(inventory([stack]).analyzers).toMatchObject([{ region: "us-east-1", stack: "stack-0" }]);
  });
});

describe("recordedFor", () => {
  const trail = (selectors: Record<string, unknown>[]) => ({ advanced_event_selector: selectors });
  const data = (...fields: Record<string, unknown>[]) => ({
    field_selector: [
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      ...fields,
    ],
  });

  test("readOnly decides reads or writes; absent, both", () => {
    expect(recordedFor(trail([data({ field: "readOnly", equals: ["true"] })]), "b")).toEqual({
      reads: true,
      writes: false,
    });
    expect(recordedFor(trail([data()]), "b")).toEqual({ reads: true, writes: true });
  });

  test("a bucket excluded by NotStartsWith, or not listed by StartsWith, is not recorded", () => {
    const excluded = data({ field: "resources.ARN", not_starts_with: ["arn:aws:s3:::logs-"] });
    expect(recordedFor(trail([excluded]), "logs-1")).toEqual({ reads: false, writes: false });
    expect(recordedFor(trail([excluded]), "data-1")).toEqual({ reads: true, writes: true });
    const listed = data({ field: "resources.ARN", starts_with: ["arn:aws:s3:::data-1/"] });
    expect(recordedFor(trail([listed]), "data-2")).toEqual({ reads: false, writes: false });
  });

  test("basic event selectors with S3 data resources", () => {
    const basic = {
      event_selector: [
        { read_write_type: "WriteOnly", data_resource: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::b/"] }] },
      ],
    };
    expect(recordedFor(basic, "b")).toEqual({ reads: false, writes: true });
    expect(recordedFor(basic, "c")).toEqual({ reads: false, writes: false });
  });
});

describe("inventory of the synthesized example", () => {
  const jsons = (edit: (raw: Record<string, any>) => void = () => undefined) =>
    defineOrganization(Testing.app(), exampleConfig(edit)).map((s) => s.toTerraform() as StackJson);

  test("counts follow the configuration: one more bucket adds its baseline, nothing kept by hand", () => {
    const before = inventory(jsons());
    const after = inventory(
      jsons((raw) => raw.accounts.members[1].buckets.push({ name: "example-analytics-prod-extra" })),
    );
    expect(after.buckets.length - before.buckets.length).toBe(1);
    expect(after.buckets.find((b) => b.name === "example-analytics-prod-extra")).toMatchObject({
      role: "workload",
      recorded: { reads: false, writes: true },
      logsTo: "example-s3-access-logs-555555555555-eu-west-1",
      metricsFilters: 1,
    });
    // Its 4xx and 5xx rate alarms read 2 metrics each, its latency alarm 1.
    expect(after.alarms.length - before.alarms.length).toBe(3);
    expect(after.alarms.reduce((s, a) => s + a.metrics, 0) - before.alarms.reduce((s, a) => s + a.metrics, 0)).toBe(5);
  });

  test("the example's trail, archives and audit toolkit", () => {
    const inv = inventory(jsons());
    expect(inv.trails).toMatchObject([{ organization: true, managementEvents: true, kmsEncrypted: true }]);
    const roles = (role: string) => inv.buckets.filter((b) => b.role === role).length;
    expect([roles("cloudtrail-archive"), roles("access-log-archive"), roles("config-history")]).toEqual([1, 1, 1]);
    expect(inv.buckets.find((b) => b.role === "cloudtrail-archive")!.lifecycle).toEqual({
      transitionDays: 90,
      transitionClass: "GLACIER",
      expirationDays: 2555,
      // S3's default minimum: objects under 128 KiB never transition.
      transitionMinimumBytes: 128 * 1024,
    });
    expect(inv.kmsKeys.filter((k) => k.cloudTrailArchive)).toHaveLength(1);
    expect(inv.conformancePacks.map((p) => [p.region, p.rules.length])).toEqual([
      ["eu-west-1", 12],
      ["us-east-1", 8],
    ]);
    expect(inv.functions.map((f) => [Boolean(f.queue), f.eventRule])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});
