/**
 * The named Athena queries: the audit questions asked the day after an alert, as
 * Trino SQL (Athena engine 3) over the two tables of tables.ts. Every query is
 * bounded by a day range, and the access-log queries by one bucket, so partition
 * projection lists only those prefixes. Values come as execution parameters (`?`),
 * in the order `parameters` names them.
 */
import { DETECTIONS } from "../detections/catalog";
import { ACCESS_LOG_TABLE, CLOUDTRAIL_TABLE, OBJECT_DELETION_OPERATIONS } from "./tables";

export interface NamedQueryDefinition {
  /** Stable id: names the Athena named query `<prefix>-<id>`. */
  readonly id: string;
  /** The question it answers. */
  readonly question: string;
  readonly table: string;
  /** What each `?` stands for, in order. */
  readonly parameters: readonly string[];
  readonly sql: string;
}

const DAYS = ["first day, 'yyyy/MM/dd'", "last day, 'yyyy/MM/dd'"];
const BUCKET = ["account id", "region", "bucket name", ...DAYS];

const quoted = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");

/** The S3 calls that change who can reach a bucket: the catalog's public-access, ACL and policy detections. */
export function accessChangeEventNames(): string[] {
  const ids = new Set([
    "s3-block-public-access-changed",
    "s3-acl-or-ownership-changed",
    "s3-acl-grants-public",
    "cis-4.8-s3-bucket-policy-changes",
  ]);
  const found = DETECTIONS.filter((d) => ids.has(d.id));
  if (found.length !== ids.size)
    throw new Error("a detection the access-change query reads is missing from the catalog");
  return [...new Set(found.flatMap((d) => d.eventNames))].sort();
}

export interface NamedQueriesProps {
  /** The organization's accounts: a caller outside them is outside the organization. */
  readonly accountIds: readonly string[];
}

/** The named queries, in the order the README lists them. */
export function namedQueries(props: NamedQueriesProps): NamedQueryDefinition[] {
  const ct = CLOUDTRAIL_TABLE.name;
  const al = ACCESS_LOG_TABLE.name;
  const accounts = quoted(props.accountIds);
  const bucketScope = "account = ? AND region = ? AND bucket = ? AND day BETWEEN ? AND ?";
  return [
    {
      id: "changes-by-principal",
      question: "Who made which change, when, from where and with what tool",
      table: ct,
      parameters: DAYS,
      sql: `SELECT eventtime, useridentity.arn AS principal, useridentity.type AS principal_type,
  eventsource, eventname, recipientaccountid AS account_id, awsregion,
  json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
  sourceipaddress, useragent, errorcode
FROM ${ct}
WHERE day BETWEEN ? AND ?
  AND readonly = 'false'
  AND eventcategory = 'Management'
ORDER BY eventtime DESC
LIMIT 1000`,
    },
    {
      id: "public-access-and-policy-changes",
      question: "Which bucket policies, ACLs, ownership and Block Public Access settings changed",
      table: ct,
      parameters: DAYS,
      sql: `SELECT eventtime, useridentity.arn AS principal, eventname,
  recipientaccountid AS account_id, awsregion,
  json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
  errorcode, sourceipaddress, useragent, requestparameters
FROM ${ct}
WHERE day BETWEEN ? AND ?
  AND eventsource = 's3.amazonaws.com'
  AND eventname IN (${quoted(accessChangeEventNames())})
ORDER BY eventtime`,
    },
    {
      id: "calls-from-outside-organization",
      question: "Which principals outside the organization (anonymous included) called into it, and what they did",
      table: ct,
      parameters: DAYS,
      sql: `SELECT useridentity.accountid AS caller_account, useridentity.arn AS principal,
  eventsource, eventname, recipientaccountid AS account_id,
  count(*) AS calls, count_if(errorcode IS NOT NULL) AS refused
FROM ${ct}
WHERE day BETWEEN ? AND ?
  AND useridentity.accountid IS NOT NULL
  AND useridentity.accountid NOT IN (${accounts})
GROUP BY 1, 2, 3, 4, 5
ORDER BY calls DESC`,
    },
    {
      id: "denied-requests",
      question: "Which principals and source IPs were denied on a bucket",
      table: al,
      parameters: BUCKET,
      sql: `SELECT requester, remoteip, operation, errorcode, count(*) AS requests
FROM ${al}
WHERE ${bucketScope}
  AND httpstatus = '403'
GROUP BY 1, 2, 3, 4
ORDER BY requests DESC
LIMIT 100`,
    },
    {
      id: "deleted-objects",
      question: "Who deleted objects from a bucket, and how many",
      table: al,
      parameters: BUCKET,
      sql: `SELECT requester, count(*) AS deleted_objects, count(DISTINCT remoteip) AS source_ips
FROM ${al}
WHERE ${bucketScope}
  AND operation IN (${quoted(OBJECT_DELETION_OPERATIONS)})
  AND errorcode = '-'
  AND (httpstatus = '-' OR httpstatus LIKE '2%')
GROUP BY 1
ORDER BY deleted_objects DESC`,
    },
    {
      id: "top-requesters",
      question: "Who sends a bucket the most requests, and how many of them fail",
      table: al,
      parameters: BUCKET,
      sql: `SELECT requester, count(*) AS requests,
  round(100.0 * count_if(httpstatus LIKE '4%') / count(*), 2) AS client_error_percent,
  round(100.0 * count_if(httpstatus LIKE '5%') / count(*), 2) AS server_error_percent,
  sum(bytessent) AS bytes_sent
FROM ${al}
WHERE ${bucketScope}
GROUP BY 1
ORDER BY requests DESC
LIMIT 50`,
    },
    {
      id: "requests-from-outside-organization",
      question:
        "Which requests to a bucket came from anonymous callers, from accounts outside the organization, or from requesters whose account the log does not name",
      table: al,
      parameters: BUCKET,
      sql: `SELECT requester, remoteip, operation, httpstatus, count(*) AS requests
FROM ${al}
WHERE ${bucketScope}
  AND (requester = '-'
    OR coalesce(regexp_extract(requester, '^arn:aws:(?:iam|sts)::([0-9]{12}):', 1), '') NOT IN (${accounts}))
GROUP BY 1, 2, 3, 4
ORDER BY requests DESC`,
    },
  ];
}

/** Athena's limit on a query string, in bytes. */
export const ATHENA_QUERY_LIMIT = 262_144;
