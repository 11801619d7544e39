import { Testing } from "cdktf";
import { AccessLogBucket } from "../../modules/access-log-bucket";
import { HardenedBucket } from "../../modules/hardened-bucket";
import {
  LogAnalystRole,
  LogAnalytics,
  accessLogProjection,
  cloudTrailProjection,
  namedQueries,
  projectionProblems,
} from "../../modules/log-analytics";
import { ATHENA_ACCESS_LOG_REGEX } from "../../lambda-src/access-log-processor/regex-reference";
import { idWhere, resourcesOf, statement } from "../helpers";
import { Key } from "../../modules/references";

// The named queries are run over sample records in log-analytics.python.test.ts.

const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];

/** The doc comment's example, with another scan limit when given. */
function docExample(bytesScannedCutoffPerQuery = 100 * 1024 ** 3): string {
  return Testing.synthScope((s) => {
    const accessLogs = new AccessLogBucket(s, "access-logs", {
      bucketName: "example-s3-access-logs-222222222222-eu-west-1",
      accountId: "222222222222",
    });
    const trailArchive = new HardenedBucket(s, "trail-archive", {
      bucketName: "example-cloudtrail-archive-222222222222",
    });
    const accessLogArchive = new HardenedBucket(s, "access-log-archive", {
      bucketName: "example-s3-access-logs-archive-222222222222",
    });
    const analyst = new LogAnalystRole(s, "log-analyst", {
      roleName: "example-log-analyst",
      readerArns: ["arn:aws:iam::333333333333:role/security-audit"],
    });
    new LogAnalytics(s, "log-analytics", {
      accountId: "222222222222",
      region: "eu-west-1",
      databaseName: "example_audit_logs",
      workgroupName: "example-audit-logs",
      resultsBucketName: "example-athena-results-222222222222",
      namePrefix: "example",
      analyst,
      cloudTrailArchive: { bucket: trailArchive, key: Key.fromArn("arn:aws:kms:eu-west-1:222222222222:key/trail") },
      accessLogArchive: { bucket: accessLogArchive },
      accessLogTarget: accessLogs,
      organizationId: "o-exampleorg1",
      accountIds: ACCOUNTS,
      regions: ["eu-west-1", "us-east-1"],
      firstDay: "2024/01/01",
      bytesScannedCutoffPerQuery,
      resultsExpirationDays: 30,
    });
  });
}

describe("LogAnalytics", () => {
  // As in its doc comment.
  const out = docExample();

  test("two tables with partition projection: no crawler, no MSCK REPAIR", () => {
    const tables = resourcesOf(out, "aws_glue_catalog_table");
    expect(tables.map((t) => t.name).sort()).toEqual(["cloudtrail", "s3_access_logs"]);
    const ct = tables.find((t) => t.name === "cloudtrail")!;
    expect(ct.storage_descriptor.location).toBe("s3://example-cloudtrail-archive-222222222222/AWSLogs/o-exampleorg1/");
    // Terraform reads ${...} as its own interpolation: the template is escaped to reach Glue as ${account}.
    expect(ct.parameters["storage.location.template"]).toBe(
      "s3://example-cloudtrail-archive-222222222222/AWSLogs/o-exampleorg1/$${account}/CloudTrail/$${region}/$${day}",
    );
    expect(ct.parameters["projection.account.values"]).toBe(ACCOUNTS.join(","));
    expect(ct.parameters["projection.day.range"]).toBe("2024/01/01,NOW");
    expect(ct.partition_keys.map((k: any) => k.name)).toEqual(["account", "region", "day"]);
    expect(ct.storage_descriptor.input_format).toBe("com.amazon.emr.cloudtrail.CloudTrailInputFormat");
    const al = tables.find((t) => t.name === "s3_access_logs")!;
    expect(al.parameters["storage.location.template"]).toBe(
      "s3://example-s3-access-logs-archive-222222222222/$${account}/$${region}/$${bucket}/$${day}",
    );
    for (const p of ["account", "region", "bucket"]) expect(al.parameters[`projection.${p}.type`]).toBe("injected");
    // AWS's documented regex (nine optional trailing groups in one), with Source region
    // split into a group of its own so lines logged before it keep the other eight.
    const documented =
      '([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$';
    expect(al.storage_descriptor.ser_de_info.parameters["input.regex"]).toBe(
      `^${documented.replace(" ([^ ]*))?.*$", ")?(?: ([^ ]*))?.*$")}`,
    );
    expect(ATHENA_ACCESS_LOG_REGEX.source).toBe(al.storage_descriptor.ser_de_info.parameters["input.regex"]);
    expect(al.storage_descriptor.columns.map((c: any) => c.name).slice(-3)).toEqual([
      "accesspointarn",
      "aclrequired",
      "sourceregion",
    ]);
  });

  test("a workgroup whose settings queries cannot override: engine 3, scan limit, encrypted results", () => {
    const wg = resourcesOf(out, "aws_athena_workgroup")[0];
    const keyId = idWhere(
      out,
      "aws_kms_key",
      "description",
      "Encrypts Athena query results in example-athena-results-222222222222",
    );
    expect(wg.configuration).toEqual({
      enforce_workgroup_configuration: true,
      publish_cloudwatch_metrics_enabled: true,
      bytes_scanned_cutoff_per_query: 107374182400,
      engine_version: { selected_engine_version: "Athena engine version 3" },
      result_configuration: {
        output_location: "s3://example-athena-results-222222222222/results/",
        expected_bucket_owner: "222222222222",
        encryption_configuration: { encryption_option: "SSE_KMS", kms_key_arn: `\${aws_kms_key.${keyId}.arn}` },
      },
    });
    const results = resourcesOf(out, "aws_s3_bucket_lifecycle_configuration").find((l) =>
      l.rule.some((r: any) => r.id === "expire-results"),
    )!;
    expect(results.rule.find((r: any) => r.id === "expire-results").expiration).toEqual([{ days: 30 }]);
  });

  test("only the analyst reads results; only the archive's readers become the analyst", () => {
    const roleId = idWhere(out, "aws_iam_role", "name", "example-log-analyst");
    const role = resourcesOf(out, "aws_iam_role").find((r) => r.name === "example-log-analyst")!;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::333333333333:role/security-audit"] },
        Action: "sts:AssumeRole",
      },
    ]);
    const bucketPolicy = resourcesOf(out, "aws_s3_bucket_policy").find((p) =>
      p.policy.includes("OnlyTheAnalystReadsAndWritesResults"),
    )!;
    expect(statement(bucketPolicy.policy, "OnlyTheAnalystReadsAndWritesResults").Condition).toEqual({
      ArnNotEquals: { "aws:PrincipalArn": `\${aws_iam_role.${roleId}.arn}` },
    });
    const key = resourcesOf(out, "aws_kms_key").find((k) => k.description.startsWith("Encrypts Athena"))!;
    expect(statement(key.policy, "AnalystEncryptsAndReadsResults").Principal).toEqual({
      AWS: `\${aws_iam_role.${roleId}.arn}`,
    });
    const policy = resourcesOf(out, "aws_iam_role_policy").find((p) => p.name === "query-audit-logs")!.policy;
    expect(statement(policy, "UseTheWorkgroup").Resource).toBe(
      "arn:aws:athena:eu-west-1:222222222222:workgroup/example-audit-logs",
    );
    expect(statement(policy, "DecryptLogsAndResults").Resource).toEqual([
      "arn:aws:kms:eu-west-1:222222222222:key/trail",
      expect.stringMatching(/^\$\{aws_kms_key\./),
    ]);
  });

  test("every named query is saved in the workgroup, with its parameters described", () => {
    const saved = resourcesOf(out, "aws_athena_named_query");
    expect(saved.map((q) => q.name).sort()).toEqual(
      namedQueries({ accountIds: ACCOUNTS })
        .map((q) => `example-${q.id}`)
        .sort(),
    );
    const denied = saved.find((q) => q.name === "example-denied-requests")!;
    expect(denied.description).toContain("Parameters: account id; region; bucket name; first day");
    expect(denied.workgroup).toMatch(/^\$\{aws_athena_workgroup\./);
  });

  test("misuse fails with the field named", () => {
    expect(() => Testing.synthScope((s) => new LogAnalystRole(s, "r", { roleName: "x", readerArns: [] }))).toThrow(
      /at least one reader/,
    );
    // The configuration reports the same rule for audit.athena.scanLimitGb (scanLimitProblems).
    expect(() => docExample(10 * 1024 ** 2 - 1)).toThrow(
      "LogAnalytics: bytesScannedCutoffPerQuery must be at least 10 MB (10485760 bytes, 0.009765625 GB), Athena's smallest limit, got 10485759",
    );
    expect(() => docExample(10 * 1024 ** 2)).not.toThrow();
    const tooMany = Array.from({ length: 40_000 }, (_, i) => String(100000000000 + i));
    expect(
      projectionProblems(
        cloudTrailProjection({
          bucketName: "b",
          organizationId: "o-exampleorg1",
          accountIds: tooMany,
          regions: ["eu-west-1"],
          firstDay: "2024/01/01",
        }).parameters,
      ),
    ).toEqual(["table parameter projection.account.values is 519999 bytes; Glue allows 512000"]);
    // 5,000 accounts fit easily.
    const fiveThousand = tooMany.slice(0, 5000);
    const fits = cloudTrailProjection({
      bucketName: "b",
      organizationId: "o-x",
      accountIds: fiveThousand,
      regions: [],
      firstDay: "2024/01/01",
    });
    expect(projectionProblems(fits.parameters)).toEqual([]);
    expect(projectionProblems(accessLogProjection({ bucketName: "b", firstDay: "2024/01/01" }).parameters)).toEqual([]);
  });
});
