import { Construct } from "constructs";
import { AthenaNamedQuery } from "@cdktf/provider-aws/lib/athena-named-query";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { IAccessLogTarget } from "../access-log-bucket";
import { HardenedBucket, housekeepingRules } from "../hardened-bucket";
import { Key, type IBucket, type IKey } from "../references";
import { kmsAdministration, policyDocument } from "../iam";
import { ATHENA_QUERY_LIMIT, namedQueries, type NamedQueryDefinition } from "./queries";
import {
  ACCESS_LOG_TABLE,
  CLOUDTRAIL_TABLE,
  accessLogProjection,
  cloudTrailProjection,
  projectionProblems,
  type TableDefinition,
} from "./tables";
import { environmentOf } from "../environment";
import { LOG_ANALYTICS_DEFAULTS, scanLimitBytes, scanLimitProblems } from "./defaults";

export * from "./defaults";

export * from "./tables";
export * from "./queries";

export interface LogAnalystRoleProps {
  readonly roleName: string;
  /** The principals that may assume it (the archive's readers). At least one. */
  readonly readerArns: readonly string[];
}

/**
 * The role that queries the archives, in their account: the only principal the
 * Athena workgroup's results key and (through `readerArns` of CloudTrailArchive) the
 * trail archive's key let decrypt. Made before the archive, whose key policy names it;
 * LogAnalytics gives it its permissions.
 *
 * @example
 * const analyst = new LogAnalystRole(this, "log-analyst", {
 *   roleName: "example-log-analyst",
 *   readerArns: ["arn:aws:iam::333333333333:role/security-audit"],
 * });
 */
export class LogAnalystRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: LogAnalystRoleProps) {
    super(scope, id);
    if (props.readerArns.length === 0) {
      throw new Error("LogAnalystRole needs at least one reader ARN: nobody else may assume it");
    }
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Queries the CloudTrail and access-log archives with Athena",
      maxSessionDuration: 3600,
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { AWS: [...props.readerArns] }, Action: "sts:AssumeRole" },
      ]),
    });
  }
}

/** An archive the tables read: its bucket and, for SSE-KMS, its key. */
export interface AnalyzedArchive {
  readonly bucket: IBucket;
  /** @default none: SSE-S3 */
  readonly key?: IKey;
}

export interface LogAnalyticsProps {
  /**
   * The account that holds the archives.
   * @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it)
   */
  readonly accountId?: string;
  /** The region it deploys into. @default the enclosing scope's region (see `setEnvironment`; `AccountStack` sets it) */
  readonly region?: string;
  /** Glue database name: lowercase letters, digits and underscores. */
  readonly databaseName: string;
  readonly workgroupName: string;
  /** Bucket for query results: KMS-encrypted, expiring, readable by the analyst only. */
  readonly resultsBucketName: string;
  /** Prefix of the named queries' names. */
  readonly namePrefix: string;
  readonly analyst: LogAnalystRole;
  /** The organization trail's archive (SSE-KMS). */
  readonly cloudTrailArchive: AnalyzedArchive;
  /** The access-log archive (SSE-S3). */
  readonly accessLogArchive: AnalyzedArchive;
  /** Where the results bucket's own access logs go. */
  readonly accessLogTarget: IAccessLogTarget;
  readonly organizationId: string;
  /** The organization's accounts: the CloudTrail table's account partitions, and "inside" for the queries. */
  readonly accountIds: readonly string[];
  /** Regions the CloudTrail table projects: every region the trail may record. */
  readonly regions: readonly string[];
  /**
   * The oldest day projected, `yyyy/MM/dd`.
   * @default `LOG_ANALYTICS_DEFAULTS.firstDay`
   */
  readonly firstDay?: string;
  /**
   * Bytes one query may scan before Athena cancels it (at least 10 MB).
   * @default `scanLimitBytes(LOG_ANALYTICS_DEFAULTS.scanLimitGb)` (100 GB)
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Days query results are kept.
   * @default `LOG_ANALYTICS_DEFAULTS.resultsExpirationDays` (30)
   */
  readonly resultsExpirationDays?: number;
}

/**
 * Athena over the archives: a Glue database with the CloudTrail and access-log
 * tables (partition projection, so new days, accounts' prefixes and buckets need no
 * crawler), a workgroup whose settings queries cannot override (engine 3, a scan
 * limit, results encrypted with their own key into an expiring bucket), the named
 * queries of queries.ts, and the analyst role's permissions to use exactly these.
 *
 * @example
 * const analyst = new LogAnalystRole(this, "log-analyst", {
 *   roleName: "example-log-analyst",
 *   readerArns: ["arn:aws:iam::333333333333:role/security-audit"],
 * });
 * // ... the CloudTrailArchive takes analyst.role.arn among its readerArns ...
 * new LogAnalytics(this, "log-analytics", {
 *   accountId: "222222222222",
 *   region: "eu-west-1",
 *   databaseName: "example_audit_logs",
 *   workgroupName: "example-audit",
 *   resultsBucketName: "example-athena-results-222222222222",
 *   namePrefix: "example",
 *   analyst,
 *   cloudTrailArchive: { bucket: archive.archive, key: Key.fromArn(archive.key.arn) },
 *   accessLogArchive: { bucket: accessLogArchive },
 *   accessLogTarget: accessLogs,
 *   organizationId: "o-exampleorg1",
 *   accountIds: ["111111111111", "222222222222"],
 *   regions: ["eu-west-1", "us-east-1"],
 *   firstDay: "2024/01/01",
 *   bytesScannedCutoffPerQuery: 100 * 1024 ** 3,
 *   resultsExpirationDays: 30,
 * });
 */
export class LogAnalytics extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly cloudTrailTable: GlueCatalogTable;
  readonly accessLogTable: GlueCatalogTable;
  readonly workgroup: AthenaWorkgroup;
  readonly results: HardenedBucket;
  readonly resultsKey: KmsKey;
  readonly queries: NamedQueryDefinition[];

  constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    const { accountId, region } = environmentOf(this, props);
    const firstDay = props.firstDay ?? LOG_ANALYTICS_DEFAULTS.firstDay;
    const cutoff = props.bytesScannedCutoffPerQuery ?? scanLimitBytes(LOG_ANALYTICS_DEFAULTS.scanLimitGb);
    for (const problem of scanLimitProblems(cutoff)) {
      throw new Error(`LogAnalytics: bytesScannedCutoffPerQuery ${problem}, got ${cutoff}`);
    }
    const expirationDays = props.resultsExpirationDays ?? LOG_ANALYTICS_DEFAULTS.resultsExpirationDays;
    const analystArn = props.analyst.role.arn;

    this.resultsKey = new KmsKey(this, "results-key", {
      description: `Encrypts Athena query results in ${props.resultsBucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        kmsAdministration(accountId),
        {
          Sid: "AnalystEncryptsAndReadsResults",
          Effect: "Allow",
          Principal: { AWS: analystArn },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
        },
      ]),
    });
    const resultsArn = `arn:aws:s3:::${props.resultsBucketName}`;
    this.results = new HardenedBucket(this, "results", {
      bucketName: props.resultsBucketName,
      encryption: { type: "SSE-KMS", key: Key.fromArn(this.resultsKey.arn), bucketKey: true },
      // Results are extracts of the audit logs: kept from plans like the logs themselves.
      protectFromDestroy: true,
      lifecycleRules: [
        { id: "expire-results", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: expirationDays }] },
        ...housekeepingRules(1),
      ],
      policyStatements: [
        {
          Sid: "OnlyTheAnalystReadsAndWritesResults",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
          Resource: `${resultsArn}/*`,
          Condition: { ArnNotEquals: { "aws:PrincipalArn": analystArn } },
        },
      ],
    });
    props.accessLogTarget.logsFor(this.results);

    this.database = new GlueCatalogDatabase(this, "database", {
      name: props.databaseName,
      description: "The organization's audit logs: CloudTrail and S3 server access logs",
    });
    const cloudTrail = cloudTrailProjection({
      bucketName: props.cloudTrailArchive.bucket.bucketName,
      organizationId: props.organizationId,
      accountIds: props.accountIds,
      regions: props.regions,
      firstDay,
    });
    const accessLogs = accessLogProjection({ bucketName: props.accessLogArchive.bucket.bucketName, firstDay });
    const problems = [...projectionProblems(cloudTrail.parameters), ...projectionProblems(accessLogs.parameters)];
    if (problems.length > 0) throw new Error(`LogAnalytics: ${problems.join("; ")}`);
    this.cloudTrailTable = this.table("cloudtrail-table", CLOUDTRAIL_TABLE, cloudTrail);
    this.accessLogTable = this.table("access-log-table", ACCESS_LOG_TABLE, accessLogs);

    this.workgroup = new AthenaWorkgroup(this, "workgroup", {
      name: props.workgroupName,
      description: "Queries over the organization's audit logs",
      state: "ENABLED",
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${this.results.bucketName}/results/`,
          expectedBucketOwner: accountId,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: this.resultsKey.arn },
        },
      },
    });

    this.queries = namedQueries({ accountIds: props.accountIds });
    for (const q of this.queries) {
      if (Buffer.byteLength(q.sql) > ATHENA_QUERY_LIMIT) {
        throw new Error(
          `named query ${q.id} is ${Buffer.byteLength(q.sql)} bytes; Athena allows ${ATHENA_QUERY_LIMIT}`,
        );
      }
      new AthenaNamedQuery(this, `query-${q.id}`, {
        name: `${props.namePrefix}-${q.id}`,
        description: `${q.question}. Parameters: ${q.parameters.join("; ")}.`.slice(0, 1024),
        database: this.database.name,
        workgroup: this.workgroup.name,
        query: q.sql,
      });
    }

    const workgroupArn = `arn:aws:athena:${region}:${accountId}:workgroup/${props.workgroupName}`;
    const glue = (kind: string, name: string) => `arn:aws:glue:${region}:${accountId}:${kind}/${name}`;
    const archives = [props.cloudTrailArchive, props.accessLogArchive];
    new IamRolePolicy(this, "analyst-policy", {
      role: props.analyst.role.id,
      name: "query-audit-logs",
      policy: policyDocument([
        {
          Sid: "UseTheWorkgroup",
          Effect: "Allow",
          Action: [
            "athena:StartQueryExecution",
            "athena:StopQueryExecution",
            "athena:GetQueryExecution",
            "athena:GetQueryResults",
            "athena:GetQueryResultsStream",
            "athena:BatchGetQueryExecution",
            "athena:ListQueryExecutions",
            "athena:GetWorkGroup",
            "athena:GetNamedQuery",
            "athena:BatchGetNamedQuery",
            "athena:ListNamedQueries",
          ],
          Resource: workgroupArn,
        },
        {
          // The console lists workgroups before it opens one; listing names nothing else.
          Sid: "FindTheWorkgroup",
          Effect: "Allow",
          Action: ["athena:ListWorkGroups", "athena:ListEngineVersions", "athena:ListDataCatalogs"],
          Resource: "*",
        },
        {
          Sid: "ReadTheTables",
          Effect: "Allow",
          Action: [
            "glue:GetDatabase",
            "glue:GetDatabases",
            "glue:GetTable",
            "glue:GetTables",
            "glue:GetPartition",
            "glue:GetPartitions",
          ],
          Resource: [
            `arn:aws:glue:${region}:${accountId}:catalog`,
            glue("database", props.databaseName),
            glue("table", `${props.databaseName}/*`),
          ],
        },
        {
          Sid: "ReadTheArchives",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
          Resource: archives.flatMap((a) => [a.bucket.bucketArn, `${a.bucket.bucketArn}/*`]),
        },
        {
          Sid: "WriteAndReadResults",
          Effect: "Allow",
          Action: [
            "s3:GetObject",
            "s3:PutObject",
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
          ],
          Resource: [this.results.bucketArn, `${this.results.bucketArn}/*`],
        },
        {
          Sid: "DecryptLogsAndResults",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: [...archives.flatMap((a) => (a.key ? [a.key.keyArn] : [])), this.resultsKey.arn],
        },
      ]),
    });
  }

  private table(
    id: string,
    def: TableDefinition,
    where: { location: string; parameters: Record<string, string> },
  ): GlueCatalogTable {
    return new GlueCatalogTable(this, id, {
      name: def.name,
      databaseName: this.database.name,
      description: def.description,
      tableType: "EXTERNAL_TABLE",
      parameters: { EXTERNAL: "TRUE", ...where.parameters },
      partitionKeys: def.partitions.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      storageDescriptor: {
        location: where.location,
        inputFormat: def.inputFormat,
        outputFormat: def.outputFormat,
        serDeInfo: { serializationLibrary: def.serde, parameters: { ...def.serdeParameters } },
        columns: def.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      },
    });
  }
}
