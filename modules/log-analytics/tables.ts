/**
 * The two Athena tables over the archives, as data: columns, partitions, and the
 * partition-projection parameters that map each partition to an S3 prefix, so no
 * crawler and no `MSCK REPAIR` is ever needed. Pure data, no cdktf imports: the
 * access-log processor's benchmark reads the access-log regex from here, and the
 * tests load the same definitions into an embedded engine.
 */
import { ACCESS_LOG_TARGET_PREFIX } from "../access-log-bucket/key-format";

/** A Glue column: a lowercase name and a Hive type. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

/** One table: what Glue stores, minus the location (given at deployment). */
export interface TableDefinition {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly TableColumn[];
  /** Partition keys, in the order of the S3 key. All strings. */
  readonly partitions: readonly TableColumn[];
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly serde: string;
  readonly serdeParameters: Readonly<Record<string, string>>;
}

const HIVE_TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

const string = (name: string, comment?: string): TableColumn => ({ name, type: "string", comment });

/**
 * CloudTrail records, with the columns and types of the table AWS documents for
 * Athena (the JSON SerDe matches fields by name; a type that disagrees with the
 * records fails the query). `requestparameters`, `responseelements`,
 * `additionaleventdata`, `serviceeventdetails` and `edgedevicedetails` are JSON text,
 * read with `json_extract_scalar` (scalar paths only: Athena returns NULL for an object).
 */
export const CLOUDTRAIL_TABLE: TableDefinition = {
  name: "cloudtrail",
  description: "The organization trail's records, one row per API call or data event",
  columns: [
    string("eventversion"),
    {
      name: "useridentity",
      type:
        "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string," +
        "accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>," +
        "sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>," +
        "sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>," +
        "ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>",
    },
    string("eventtime", "ISO 8601, UTC"),
    string("eventsource"),
    string("eventname"),
    string("awsregion"),
    string("sourceipaddress"),
    string("useragent"),
    string("errorcode"),
    string("errormessage"),
    string("requestparameters", "JSON text"),
    string("responseelements", "JSON text"),
    string("additionaleventdata", "JSON text"),
    string("requestid"),
    string("eventid"),
    string("readonly"),
    { name: "resources", type: "array<struct<arn:string,accountid:string,type:string>>" },
    string("eventtype"),
    string("apiversion"),
    string("recipientaccountid"),
    string("serviceeventdetails", "JSON text"),
    string("sharedeventid"),
    string("vpcendpointid"),
    string("vpcendpointaccountid"),
    string("eventcategory", "Management, Data, Insight or NetworkActivity"),
    {
      name: "addendum",
      type: "struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>",
    },
    string("sessioncredentialfromconsole"),
    string("edgedevicedetails", "JSON text"),
    {
      name: "tlsdetails",
      type: "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>",
    },
  ],
  partitions: [string("account"), string("region"), string("day", "yyyy/MM/dd, UTC")],
  // CloudTrail's input format splits each file's Records array into rows.
  inputFormat: "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
  outputFormat: HIVE_TEXT_OUTPUT,
  serde: "org.apache.hive.hcatalog.data.JsonSerDe",
  serdeParameters: {},
};

/**
 * The RegexSerDe pattern for S3 server access log lines. AWS documents one optional
 * group of nine trailing fields (Host Id to Source region); here Source region is a
 * group of its own, so the many lines logged before it existed keep their other
 * eight instead of losing all nine. A newer format's further fields fall into `.*`.
 */
export const ACCESS_LOG_REGEX =
  '^([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?(?: ([^ ]*))?.*$';

/** S3 server access log records: one column per regex group, in the order of the log line. */
export const ACCESS_LOG_TABLE: TableDefinition = {
  name: "s3_access_logs",
  description: "S3 server access logs of every governed bucket, one row per request",
  columns: [
    string("bucketowner"),
    string("bucket_name"),
    string("requestdatetime", "dd/MMM/yyyy:HH:mm:ss Z"),
    string("remoteip"),
    string("requester", "IAM ARN, or - for anonymous requests"),
    string("requestid"),
    string("operation", "e.g. REST.GET.OBJECT, BATCH.DELETE.OBJECT"),
    string("key"),
    string("request_uri"),
    { name: "httpstatus", type: "string" },
    string("errorcode"),
    { name: "bytessent", type: "bigint" },
    { name: "objectsize", type: "bigint" },
    { name: "totaltime", type: "string" },
    { name: "turnaroundtime", type: "string" },
    string("referrer"),
    string("useragent"),
    string("versionid"),
    string("hostid"),
    string("sigv"),
    string("ciphersuite"),
    string("authtype"),
    string("endpoint"),
    string("tlsversion"),
    string("accesspointarn"),
    string("aclrequired"),
    string("sourceregion"),
  ],
  partitions: [string("account"), string("region"), string("bucket"), string("day", "yyyy/MM/dd, UTC")],
  inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
  outputFormat: HIVE_TEXT_OUTPUT,
  serde: "org.apache.hadoop.hive.serde2.RegexSerDe",
  serdeParameters: { "input.regex": ACCESS_LOG_REGEX },
};

/** Successful object deletions in access logs: single deletes, and each object of a multi-object delete. */
export const OBJECT_DELETION_OPERATIONS = ["REST.DELETE.OBJECT", "BATCH.DELETE.OBJECT"] as const;

/** A partition column as Terraform must write it in a location template: `$${name}`. */
const projected = (name: string): string => `$\${${name}}`;

/** Glue limits a table parameter's value to 512,000 bytes; enumerated partitions must fit. */
export const GLUE_PARAMETER_VALUE_LIMIT = 512_000;

export interface CloudTrailProjectionProps {
  /** The CloudTrail archive bucket. */
  readonly bucketName: string;
  /** Organization trails write under `AWSLogs/<org-id>/`. */
  readonly organizationId: string;
  /** The accounts whose records the table reads: the organization's declared accounts. */
  readonly accountIds: readonly string[];
  /** The regions it reads: every region the trail may record. */
  readonly regions: readonly string[];
  /** The first day projected, `yyyy/MM/dd`. */
  readonly firstDay: string;
}

/** Where the CloudTrail table reads, and its projection parameters. */
export function cloudTrailProjection(p: CloudTrailProjectionProps): {
  location: string;
  parameters: Record<string, string>;
} {
  const root = `s3://${p.bucketName}/AWSLogs/${p.organizationId}/`;
  return {
    location: root,
    parameters: {
      "projection.enabled": "true",
      "projection.account.type": "enum",
      "projection.account.values": p.accountIds.join(","),
      "projection.region.type": "enum",
      "projection.region.values": p.regions.join(","),
      ...dayProjection(p.firstDay),
      "storage.location.template": `${root}${projected("account")}/CloudTrail/${projected("region")}/${projected("day")}`,
    },
  };
}

export interface AccessLogProjectionProps {
  /** The access-log archive bucket. */
  readonly bucketName: string;
  /** The first day projected, `yyyy/MM/dd`. */
  readonly firstDay: string;
}

/**
 * Where the access-log table reads, and its projection parameters. Account, region
 * and bucket are injected: a query names them (`WHERE account = ... AND region = ...
 * AND bucket = ...`), so it lists only that bucket's days, however many accounts and
 * buckets the organization has.
 */
export function accessLogProjection(p: AccessLogProjectionProps): {
  location: string;
  parameters: Record<string, string>;
} {
  const root = `s3://${p.bucketName}/${ACCESS_LOG_TARGET_PREFIX}`;
  return {
    location: root,
    parameters: {
      "projection.enabled": "true",
      "projection.account.type": "injected",
      "projection.region.type": "injected",
      "projection.bucket.type": "injected",
      ...dayProjection(p.firstDay),
      "storage.location.template": `${root}${projected("account")}/${projected("region")}/${projected("bucket")}/${projected("day")}`,
    },
  };
}

function dayProjection(firstDay: string): Record<string, string> {
  return {
    "projection.day.type": "date",
    "projection.day.format": "yyyy/MM/dd",
    "projection.day.range": `${firstDay},NOW`,
    "projection.day.interval": "1",
    "projection.day.interval.unit": "DAYS",
  };
}

/** Problems of a table's parameters against Glue's limits (empty when it fits). */
export function projectionProblems(parameters: Readonly<Record<string, string>>): string[] {
  return Object.entries(parameters)
    .filter(([, v]) => Buffer.byteLength(v) > GLUE_PARAMETER_VALUE_LIMIT)
    .map(
      ([k, v]) => `table parameter ${k} is ${Buffer.byteLength(v)} bytes; Glue allows ${GLUE_PARAMETER_VALUE_LIMIT}`,
    );
}
