/**
 * The named queries, run: sqlglot parses them as Trino and transpiles them to DuckDB,
 * which runs them over records loaded as Athena's SerDes read them (.venv/athena).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ACCESS_LOG_TABLE, CLOUDTRAIL_TABLE, accessChangeEventNames, namedQueries } from "../../modules/log-analytics";
import { DETECTIONS, type CloudTrailRecord } from "../../modules/detections";
import { apiCall, principals, s3Call } from "../../modules/detections/samples";
import { parseAccessLogLine } from "../../lambda-src/access-log-processor/parser";
import { deletedObjects } from "../../lambda-src/access-log-processor/aggregate";
import type { AccessLogRecord } from "../../lambda-src/access-log-processor/record";
import { DOCUMENTED_LINES, prng } from "../lambda-src/access-log-processor/fixtures";

const ROOT = path.join(__dirname, "..", "..");
const ATHENA_PYTHON = path.join(ROOT, ".venv", "athena", "bin", "python");
const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
interface QueryResult {
  problems: string[];
  columns?: string[];
  rows?: unknown[][];
  duckdb?: string;
}
interface CheckResult {
  tables: Record<string, number>;
  queries: Record<string, QueryResult>;
  select?: unknown[][];
}

function runChecks(spec: Record<string, unknown>): CheckResult {
  const run = spawnSync(ATHENA_PYTHON, [path.join(ROOT, "test", "support", "athena_check.py")], {
    input: JSON.stringify(spec),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`athena_check.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as CheckResult;
}

const BUCKET = "example-payments-prod-data";
const OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
const PARTITION = { account: "444444444444", region: "eu-west-1", bucket: BUCKET, day: "2026/11/20" };

/** A log line in S3's format; with `sourceRegion` undefined, a line of the format before that field. */
function accessLogLine(f: {
  requester: string;
  ip: string;
  operation: string;
  status: string;
  error?: string;
  key?: string;
  bytes?: string;
  sourceRegion?: string;
  userAgent?: string;
}): string {
  const uri = `"${f.operation.includes("GET") ? "GET" : "DELETE"} /${BUCKET}/${f.key ?? "-"} HTTP/1.1"`;
  return [
    OWNER,
    BUCKET,
    "[20/Nov/2026:10:00:00 +0000]",
    f.ip,
    f.requester,
    `REQ${Math.abs(f.ip.length * 7919 + f.operation.length)}`,
    f.operation,
    f.key ?? "-",
    uri,
    f.status,
    f.error ?? "-",
    f.bytes ?? "-",
    "1024",
    "12",
    "3",
    '"-"',
    `"${f.userAgent ?? "aws-cli/2.18.0"}"`,
    "-",
    "hostid=",
    "SigV4",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "AuthHeader",
    `${BUCKET}.s3.eu-west-1.amazonaws.com`,
    "TLSv1.3",
    "-",
    "-",
    ...(f.sourceRegion ? [f.sourceRegion] : []),
  ].join(" ");
}

/** Access-log lines of one bucket and day: many requesters, statuses, deletions and outsiders. */
function accessLogCorpus(): string[] {
  const random = prng(12);
  const requesters = [
    "arn:aws:sts::444444444444:assumed-role/app/i-0abc",
    "arn:aws:iam::444444444444:user/batch",
    "arn:aws:sts::999988887777:assumed-role/partner/session",
    "-",
  ];
  const operations = [
    "REST.GET.OBJECT",
    "REST.PUT.OBJECT",
    "REST.DELETE.OBJECT",
    "BATCH.DELETE.OBJECT",
    "REST.HEAD.OBJECT",
  ];
  const statuses = ["200", "200", "204", "403", "404", "500", "503"];
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const status = statuses[Math.floor(random() * statuses.length)];
    lines.push(
      accessLogLine({
        requester: requesters[Math.floor(random() * requesters.length)],
        ip: `198.51.100.${Math.floor(random() * 4)}`,
        operation: operations[Math.floor(random() * operations.length)],
        status,
        error:
          status === "403"
            ? "AccessDenied"
            : status === "404"
              ? "NoSuchKey"
              : status.startsWith("5")
                ? "SlowDown"
                : undefined,
        key: `data/${i}.json`,
        bytes: random() < 0.5 ? String(Math.floor(random() * 5000)) : "-",
        sourceRegion: random() < 0.5 ? "eu-west-1" : undefined,
        // A quote in a user agent: the documented regex reads such a line as NULLs.
        userAgent: i === 7 ? 'evil"agent' : undefined,
      }),
    );
  }
  return lines;
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

const asMap = (rows: unknown[][], keyColumns: number): Map<string, number> =>
  new Map(rows.map((r) => [r.slice(0, keyColumns).map(String).join("|"), Number(r[keyColumns])]));

const hyphen = (v: string | null) => v ?? "-";

describe("named queries", () => {
  const queries = namedQueries({ accountIds: ACCOUNTS });
  const lines = [...accessLogCorpus(), ...DOCUMENTED_LINES];
  const parsed = lines.map(parseAccessLogLine);

  // CloudTrail records: the catalog's samples (realistic shapes of many services), a
  // read, a call from outside the organization and an anonymous one, and one record
  // of a day outside the range.
  const outsider = s3Call(
    "GetObject",
    {},
    {
      userIdentity: { type: "AWSAccount", principalId: "AIDAPARTNER", accountId: "999988887777" },
      readOnly: true,
      eventCategory: "Data",
    },
  );
  const anonymous = s3Call(
    "GetObject",
    {},
    {
      userIdentity: { type: "AWSAccount", principalId: "ANONYMOUS_PRINCIPAL", accountId: "anonymous" },
      readOnly: true,
      eventCategory: "Data",
      errorCode: "AccessDenied",
    },
  );
  const lateChange = s3Call("PutBucketPolicy", {}, { eventTime: "2026-12-01T00:00:00Z" });
  const records: CloudTrailRecord[] = [
    ...DETECTIONS.flatMap((d) => [...d.samples.positive, ...d.samples.negative]),
    apiCall("s3.amazonaws.com", "ListBuckets", null, { readOnly: true }),
    outsider,
    anonymous,
    lateChange,
  ];
  const day = (r: CloudTrailRecord) => r.eventTime.slice(0, 10).replace(/-/g, "/");
  const inRange = (r: CloudTrailRecord) => day(r) >= "2026/11/01" && day(r) <= "2026/11/30";

  const result = runChecks({
    tables: [
      {
        ...CLOUDTRAIL_TABLE,
        records: records.map((r) => ({
          record: r,
          partition: { account: r.recipientAccountId, region: r.awsRegion, day: day(r) },
        })),
      },
      {
        ...ACCESS_LOG_TABLE,
        regex: ACCESS_LOG_TABLE.serdeParameters["input.regex"],
        // AWS's documented lines are of another bucket, so of another partition.
        lines: lines.map((line) => ({
          line,
          partition: line.includes(BUCKET) ? PARTITION : { ...PARTITION, bucket: "amzn-s3-demo-bucket1" },
        })),
      },
    ],
    queries: queries.map((q) => ({
      id: q.id,
      table: q.table,
      sql: q.sql,
      parameters:
        q.table === "cloudtrail"
          ? ["2026/11/01", "2026/11/30"]
          : [PARTITION.account, PARTITION.region, PARTITION.bucket, "2026/11/01", "2026/11/30"],
    })),
    // The regex table as Athena reads it, beside the parser's reading of the same lines.
    select:
      "SELECT requester, remoteip, operation, httpstatus, errorcode, bytessent, useragent, aclrequired, sourceregion FROM s3_access_logs",
  });

  test.each(queries.map((q) => [q.id]))("%s parses as Trino, names only its table's columns, and runs", (id) => {
    expect(result.queries[id].problems).toEqual([]);
    expect(result.queries[id].rows).toBeDefined();
  });

  test("the checks themselves catch an unknown column, a missing struct field and bad SQL", () => {
    const broken = runChecks({
      tables: [{ ...CLOUDTRAIL_TABLE, records: [] }],
      queries: [
        { id: "col", table: "cloudtrail", sql: "SELECT eventnam FROM cloudtrail WHERE day = ?", parameters: ["x"] },
        { id: "field", table: "cloudtrail", sql: "SELECT useridentity.nope FROM cloudtrail", parameters: [] },
        { id: "sql", table: "cloudtrail", sql: "SELEC * FROM cloudtrail", parameters: [] },
      ],
    });
    expect(broken.queries.col.problems).toContain("eventnam: no such column in cloudtrail");
    expect(broken.queries.field.problems).toContain("useridentity.nope: useridentity has no field nope");
    expect(broken.queries.sql.problems.join()).toMatch(/does not parse as Trino|does not run/);
  });

  test("the table's regex reads the corpus as the access-log processor's parser does", () => {
    expect(result.tables.s3_access_logs).toBe(lines.length);
    const rows = result.select!;
    rows.forEach((row, i) => {
      const p = parsed[i];
      if (lines[i].includes('evil"agent')) {
        // The documented regex cannot read a quote inside a user agent; the parser can.
        expect(row.every((v) => v === null)).toBe(true);
        expect(p?.userAgent).toBe('evil"agent');
        return;
      }
      expect(p).not.toBeNull();
      const r = p!;
      expect(row).toEqual([
        hyphen(r.requester),
        hyphen(r.remoteIp),
        hyphen(r.operation),
        r.httpStatus === null ? "-" : String(r.httpStatus),
        hyphen(r.errorCode),
        r.bytesSent,
        // RegexSerDe keeps a quoted field's quotes, as in AWS's own table.
        r.userAgent === null ? expect.stringMatching(/^"?-"?$/) : `"${r.userAgent}"`,
        hyphen(r.aclRequired),
        r.sourceRegion,
      ]);
    });
  });

  // Known answers, computed from the parser's records of the same lines.
  const readable = parsed.filter(
    (r, i): r is AccessLogRecord => r !== null && !lines[i].includes('evil"agent') && r.bucket === BUCKET,
  );
  // The one line the documented regex cannot read counts as a request of nobody known.
  const unreadable = lines.filter((l) => l.includes('evil"agent')).length;

  test("denied-requests counts 403s by requester, source IP, operation and error", () => {
    const expected = countBy(
      readable.filter((r) => r.httpStatus === 403),
      (r) => [hyphen(r.requester), hyphen(r.remoteIp), r.operation, hyphen(r.errorCode)].join("|"),
    );
    expect(asMap(result.queries["denied-requests"].rows!, 4)).toEqual(expected);
    expect(expected.size).toBeGreaterThan(3);
  });

  test("deleted-objects counts the objects each requester removed, as the processor does", () => {
    const deleting = readable.filter((r) => deletedObjects(r) === 1);
    expect(asMap(result.queries["deleted-objects"].rows!, 1)).toEqual(countBy(deleting, (r) => hyphen(r.requester)));
    expect(deleting.length).toBeGreaterThan(10);
  });

  test("top-requesters gives requests and error shares per requester", () => {
    const rows = result.queries["top-requesters"].rows!;
    const groups = countBy(readable, (r) => hyphen(r.requester));
    expect(asMap(rows, 1)).toEqual(new Map([...groups, ["null", unreadable]]));
    for (const [requester, total, clientPct, serverPct] of rows.filter((r) => r[0] !== null) as [
      string,
      number,
      number,
      number,
    ][]) {
      const own = readable.filter((r) => hyphen(r.requester) === requester);
      const pct = (n: number) => Math.round((10000 * n) / total) / 100;
      expect(Number(clientPct)).toBeCloseTo(
        pct(own.filter((r) => r.httpStatus! >= 400 && r.httpStatus! < 500).length),
        2,
      );
      expect(Number(serverPct)).toBeCloseTo(pct(own.filter((r) => r.httpStatus! >= 500).length), 2);
      expect(own).toHaveLength(Number(total));
    }
  });

  test("requests-from-outside-organization finds anonymous callers, other accounts and the unknown, not the organization", () => {
    const rows = result.queries["requests-from-outside-organization"].rows!;
    const requesters = new Set(rows.map((r) => r[0]));
    // null: the line the regex cannot read, whose requester nobody knows.
    expect([...requesters]).toEqual(
      expect.arrayContaining(["-", "arn:aws:sts::999988887777:assumed-role/partner/session", null]),
    );
    expect(requesters.size).toBe(3);
    const expected =
      readable.filter((r) => r.requester === null || r.requester.includes("999988887777")).length + unreadable;
    expect(rows.reduce((n, r) => n + Number(r[4]), 0)).toBe(expected);
  });

  test("changes-by-principal lists every management write of the range, newest first", () => {
    const rows = result.queries["changes-by-principal"].rows!;
    const expected = records.filter((r) => inRange(r) && r.readOnly === false && r.eventCategory === "Management");
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => r[4]).sort()).toEqual(expected.map((r) => r.eventName).sort());
    expect(rows.map((r) => String(r[0]))).toEqual([...rows.map((r) => String(r[0]))].sort().reverse());
  });

  test("public-access-and-policy-changes lists exactly the S3 calls that change who can reach a bucket", () => {
    const names = accessChangeEventNames();
    expect(names).toEqual(expect.arrayContaining(["PutBucketPolicy", "DeleteBucketPublicAccessBlock", "PutBucketAcl"]));
    const expected = records.filter(
      (r) => inRange(r) && r.eventSource === "s3.amazonaws.com" && names.includes(r.eventName),
    );
    const rows = result.queries["public-access-and-policy-changes"].rows!;
    expect(rows.map((r) => r[2]).sort()).toEqual(expected.map((r) => r.eventName).sort());
    // The change on December 1st is outside the range.
    expect(rows.some((r) => String(r[0]).startsWith("2026-12"))).toBe(false);
    expect(expected.length).toBeGreaterThan(5);
  });

  test("calls-from-outside-organization finds the outside account and the anonymous caller, with refusals", () => {
    const rows = result.queries["calls-from-outside-organization"].rows!;
    expect(rows.map((r) => [r[0], r[3], Number(r[5]), Number(r[6])]).sort()).toEqual([
      ["999988887777", "GetObject", 1, 0],
      ["anonymous", "GetObject", 1, 1],
    ]);
    // The catalog's principals are all inside.
    expect(ACCOUNTS).toContain(principals.assumedRole.accountId);
  });
});
