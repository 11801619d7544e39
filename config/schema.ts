import { z } from "zod";
import { AWS_REGIONS, CLOUDWATCH_RETENTION_DAYS } from "./regions";
import { s3BucketNameProblems } from "../modules/naming";
import { DEFAULT_RUNBOOK_BASE_URL } from "../modules/package-info";
import { BUCKET_ALARM_DEFAULTS, DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS } from "../modules/bucket-baseline/defaults";
import { ACCESS_LOG_BUCKET_DEFAULTS } from "../modules/access-log-bucket/defaults";
import { CLOUDTRAIL_ARCHIVE_DEFAULTS } from "../modules/cloudtrail-archive/defaults";
import { LOG_ANALYTICS_DEFAULTS } from "../modules/log-analytics/defaults";
import { ORGANIZATION_TRAIL_DEFAULTS } from "../modules/organization-trail/defaults";
import { RESPONDER_DEFAULTS } from "../modules/security-responder/events";

/**
 * The configuration contract. Structure, types, formats and defaults live here;
 * rules that relate two fields to each other live in `validate.ts`. The JSON Schema
 * in `organization.schema.json` is generated from this file (`npm run schema`).
 */

const accountId = z.string({ error: "must be a 12-digit account id in quotes" }).regex(/^\d{12}$/, "must be 12 digits");

const accountName = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/,
    "must be 1 to 32 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
  );

const region = z.enum(AWS_REGIONS, { error: "must be an AWS region such as eu-west-1" });

const dataEventMode = z.enum(["none", "write", "readWrite"], {
  error: "must be one of none, write, readWrite",
});

const positiveDays = z.number().int("must be a whole number of days").positive("must be at least 1 day");

const iamPrincipalArn = z
  .string()
  .regex(
    /^arn:aws:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/,
    "must be an IAM role, user or account root ARN",
  );

export const bucketAlarmsSchema = z
  .strictObject({
    clientErrorRatePercent: z
      .number()
      .positive("must be above 0")
      .max(100, "must be at most 100")
      .default(BUCKET_ALARM_DEFAULTS.clientErrorRatePercent),
    serverErrorRatePercent: z
      .number()
      .positive("must be above 0")
      .max(100, "must be at most 100")
      .default(BUCKET_ALARM_DEFAULTS.serverErrorRatePercent),
    minimumRequests: z
      .number()
      .int("must be a whole number of requests")
      .positive("must be at least 1")
      .default(BUCKET_ALARM_DEFAULTS.minimumRequests)
      .describe("Requests in 5 minutes below which the error-rate alarms stay quiet."),
    firstByteLatencyMs: z
      .number()
      .positive("must be above 0")
      .default(BUCKET_ALARM_DEFAULTS.firstByteLatencyMs)
      .describe("Time to first byte at the 99th percentile, in milliseconds."),
  })
  .describe("Alarm thresholds over 5 minutes: 4xx and 5xx shares of requests, first-byte latency.");

const stringOrList = z.union([z.string(), z.array(z.string()).min(1, "must list at least one")]);

export const bucketPolicyStatementSchema = z
  .strictObject({
    Sid: z.string().regex(/^[A-Za-z0-9]+$/, "must be letters and digits (an IAM statement id)"),
    Effect: z.enum(["Allow", "Deny"], { error: "must be Allow or Deny" }),
    Principal: z.union([
      z.literal("*"),
      z.strictObject({
        AWS: stringOrList.optional(),
        Service: stringOrList.optional(),
        Federated: stringOrList.optional(),
        CanonicalUser: stringOrList.optional(),
      }),
    ]),
    Action: stringOrList,
    Resource: stringOrList,
    Condition: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.array(z.string())])))
      .optional(),
  })
  .describe("A statement of the bucket's own policy, kept beside the baseline's.");

const storageClass = z.enum(
  ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  {
    error: "must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE",
  },
);

export const bucketLifecycleRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[\w .:/=+-]{1,255}$/, "must be a lifecycle rule id of at most 255 characters"),
    prefix: z.string().default("").describe("Objects the rule applies to; the whole bucket by default."),
    expirationDays: positiveDays.optional(),
    transitions: z
      .array(z.strictObject({ days: z.number().int("must be a whole number of days").min(0), storageClass }))
      .optional(),
  })
  .describe("A lifecycle rule of the bucket's own, kept beside the baseline's housekeeping rules.");

export const bucketSchema = z
  .strictObject({
    name: z.string().describe("Bucket name; must follow the S3 naming rules."),
    region: region.optional().describe("The bucket's region, one of organization.regions; defaults to homeRegion."),
    dataEvents: dataEventMode
      .optional()
      .describe("CloudTrail S3 data events for this bucket; defaults to trail.dataEvents."),
    encryption: z
      .enum(["SSE-S3", "SSE-KMS"], { error: "must be SSE-S3 or SSE-KMS" })
      .default("SSE-S3")
      .describe(
        "Default encryption; SSE-KMS uses kmsKeyArn, or a new key with rotation. Required for an existing bucket.",
      ),
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/, "must be a KMS key or alias ARN")
      .optional(),
    existing: z
      .boolean()
      .default(false)
      .describe("The bucket exists already: Terraform imports it instead of creating it."),
    policyStatements: z
      .array(bucketPolicyStatementSchema)
      .default([])
      .describe("The bucket's own policy statements, merged into the baseline's policy."),
    lifecycleRules: z
      .array(bucketLifecycleRuleSchema)
      .default([])
      .describe("The bucket's own lifecycle rules, merged into the baseline's."),
    noncurrentVersionExpirationDays: positiveDays.default(DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS),
    alarms: bucketAlarmsSchema.prefault({}),
  })
  .describe("A bucket the baseline governs.");

export const releasedBucketSchema = z
  .strictObject({
    name: z.string().describe("Name of a bucket the baseline governed."),
    region: region.optional().describe("Its region; defaults to homeRegion."),
  })
  .describe("A bucket released from management: Terraform forgets it and everything the baseline made for it.");

const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name");

export const accountSchema = z.strictObject({
  id: accountId,
  name: accountName,
  roleName: roleName.optional().describe("Role the stacks assume in this account; defaults to deployment.roleName."),
  buckets: z.array(bucketSchema).default([]),
  releasedBuckets: z
    .array(releasedBucketSchema)
    .default([])
    .describe("Buckets no longer governed, left in place untouched (Terraform removed blocks)."),
});

export const backendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("local") }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: z.string().superRefine((name, ctx) => {
        for (const problem of s3BucketNameProblems(name))
          ctx.addIssue({ code: "custom", message: problem, input: name });
      }),
      region,
      keyPrefix: z
        .string()
        .regex(
          /^([\w.-]+(\/[\w.-]+)*)?$/,
          "must be key segments separated by single slashes, with no leading or trailing slash",
        )
        .default("s3-audit-baseline"),
      roleArn: z
        .string()
        .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")
        .optional()
        .describe("Role Terraform assumes to read and write the state; default: the caller's credentials."),
      kmsKeyId: z
        .string()
        .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/, "must be a KMS key or alias ARN")
        .optional()
        .describe("KMS key that encrypts the state (SSE-KMS); default: SSE-S3."),
    }),
    z.strictObject({
      type: z.literal("cloud"),
      organization: z
        .string()
        .regex(/^[\w-]+$/, "must be a Terraform Cloud organization name (letters, digits, - and _)"),
      project: z
        .string()
        .regex(/^[\w -]*[\w-][\w -]*$/, "must be a Terraform Cloud project name")
        .optional(),
      workspacePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]*$/, "may contain only letters, digits, hyphens and underscores")
        .default("s3-audit-baseline-"),
      hostname: z.string().optional(),
    }),
  ],
  { error: "must be one of local, s3, cloud" },
);

const accountOrPrincipal = z
  .string()
  .regex(
    /^(\d{12}|arn:aws:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+))$/,
    "must be a 12-digit account id or an IAM role, user or account root ARN",
  );

const toolSwitch = (what: string) =>
  z.boolean().default(true).describe(`Deploy ${what}; false if an equivalent is already in place.`);

export const auditSchema = z
  .strictObject({
    athena: z
      .strictObject({
        enabled: toolSwitch("the Athena database, tables, workgroup and named queries in the log-archive account"),
        scanLimitGb: z
          .number()
          .min(0.01, "must be at least 0.01 (10 MB, Athena's smallest limit)")
          .default(LOG_ANALYTICS_DEFAULTS.scanLimitGb)
          .describe("Data one query may scan before Athena cancels it, in GB."),
        resultsExpirationDays: positiveDays
          .default(LOG_ANALYTICS_DEFAULTS.resultsExpirationDays)
          .describe("Days query results are kept."),
        firstDay: z
          .string()
          .regex(/^\d{4}\/\d{2}\/\d{2}$/, "must be a day written yyyy/MM/dd")
          .refine((d) => {
            const [y, m, day] = d.split("/").map(Number);
            const t = new Date(Date.UTC(y, m - 1, day));
            return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
          }, "must be a real calendar day")
          .default(LOG_ANALYTICS_DEFAULTS.firstDay)
          .describe("The oldest day the tables project partitions for, yyyy/MM/dd."),
      })
      .prefault({}),
    config: z
      .strictObject({
        enabled: toolSwitch("AWS Config organization rules (a conformance pack per governed region)"),
        createRecorders: z
          .boolean()
          .default(false)
          .describe(
            "Create a configuration recorder and delivery channel in every account and governed region; by default the accounts must already record (Control Tower does).",
          ),
        excludedAccounts: z
          .array(accountId)
          .max(1000, "must list at most 1000 accounts (an AWS Config limit)")
          .default([])
          .describe(
            "Accounts of the organization the conformance pack skips: those that record no configuration (the pack fails to create where an account does not record).",
          ),
      })
      .prefault({}),
    accessAnalyzer: z
      .strictObject({
        enabled: toolSwitch("an IAM Access Analyzer organization analyzer per governed region"),
        trustedPrincipals: z
          .array(accountOrPrincipal)
          .default([])
          .describe(
            "Accounts or principals outside the organization whose access is expected: their findings are archived.",
          ),
      })
      .prefault({}),
    trustedAdvisor: z
      .strictObject({
        enabled: toolSwitch("forwarding of the Trusted Advisor S3 bucket permissions check"),
      })
      .prefault({}),
  })
  .prefault({})
  .describe("The audit toolkit around the logs: Athena, AWS Config, IAM Access Analyzer, Trusted Advisor.");

export const configSchema = z
  .strictObject({
    organization: z.strictObject({
      id: z
        .string()
        .regex(/^o-[a-z0-9]{10,32}$/, "must be an AWS Organizations id (o- and 10 to 32 lowercase letters or digits)"),
      name: z
        .string()
        .regex(
          /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/,
          "must be 2 to 20 lowercase letters, digits or hyphens, starting with a letter",
        )
        .describe("Prefix of every resource name."),
      homeRegion: region.describe("Region of the trail, the archive and the alarms."),
      regions: z.array(region).min(1, "must list at least one region").describe("Governed regions."),
    }),
    accounts: z.strictObject({
      management: accountSchema,
      logArchive: accountSchema,
      security: accountSchema.optional(),
      members: z.array(accountSchema).default([]),
    }),
    deployment: z
      .strictObject({
        roleName: roleName.default("OrganizationAccountAccessRole"),
        backend: backendSchema.default({ type: "local" }),
        stackLayout: z
          .enum(["account-region", "account"])
          .default("account-region")
          .describe(
            "How member accounts' baselines split into stacks (state files, Terraform Cloud workspaces): one per account and region (`baseline-<account>-<region>`), or one per account with every region inside (`baseline-<account>`).",
          ),
      })
      .prefault({}),
    trail: z
      .strictObject({
        name: z
          .string()
          .regex(
            /^[A-Za-z0-9](?:[._-]?[A-Za-z0-9]){0,99}$/,
            "must be letters and digits, with single dots, underscores or hyphens between them, at most 100 characters",
          )
          .default("org-trail"),
        dataEvents: dataEventMode.default(ORGANIZATION_TRAIL_DEFAULTS.dataEvents),
        cloudWatchLogsRetentionDays: z
          .literal(CLOUDWATCH_RETENTION_DAYS, {
            error: `must be one of the retention periods CloudWatch Logs offers: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
          })
          .default(ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsRetentionDays),
        cloudWatchLogsKms: z
          .boolean()
          .default(ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsKms)
          .describe("Encrypt the trail's log group with a customer managed key. false is insecure."),
        delegatedAdministrator: accountId
          .optional()
          .describe("A member account registered as CloudTrail delegated administrator; it then holds the trail."),
      })
      .prefault({}),
    archive: z
      .strictObject({
        objectLock: z
          .strictObject({
            mode: z
              .enum(["GOVERNANCE", "COMPLIANCE"], { error: "must be GOVERNANCE or COMPLIANCE" })
              .default(CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock.mode),
            days: positiveDays
              .max(36500, "must be at most 36500 days")
              .default(CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock.days),
          })
          .prefault({}),
        transitionToGlacierDays: positiveDays.optional().default(CLOUDTRAIL_ARCHIVE_DEFAULTS.transitionToGlacierDays),
        expirationDays: positiveDays.default(CLOUDTRAIL_ARCHIVE_DEFAULTS.expirationDays),
        accessLogExpirationDays: positiveDays.default(ACCESS_LOG_BUCKET_DEFAULTS.expirationDays),
        readers: z.array(iamPrincipalArn).default([]).describe("Principals allowed to decrypt the archived logs."),
      })
      .prefault({}),
    audit: auditSchema,
    responder: z
      .strictObject({
        dryRun: z
          .boolean()
          .default(RESPONDER_DEFAULTS.dryRun)
          .describe("Report what the security responder would restore, without restoring it."),
        exceptionTag: z
          .string()
          .regex(/^[\w .:/=+@-]{1,128}$/, "must be an S3 tag key")
          .default(RESPONDER_DEFAULTS.exceptionTag)
          .describe("Buckets with this tag key are approved exceptions: reported, not changed."),
      })
      .prefault({}),
    lambda: z
      .strictObject({
        reservedConcurrency: z
          .strictObject({
            securityResponder: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
            accessLogProcessor: z
              .number()
              .int("must be a whole number")
              .min(2, "must be at least 2, the SQS trigger's minimum")
              .optional(),
          })
          .prefault({})
          .describe(
            "Reserved concurrency per function; none by default. The account's Lambda concurrency quota must leave 100 unreserved (new accounts have 10).",
          ),
      })
      .prefault({}),
    notifications: z
      .strictObject({
        emails: z.array(z.email("must be an e-mail address")).default([]),
        httpsEndpoints: z
          .array(z.url({ protocol: /^https$/, error: "must be an https:// URL" }))
          .default([])
          .describe("HTTPS endpoints (chat webhooks, incident tools) subscribed to the alarm topics."),
        runbookBaseUrl: z
          .string()
          .regex(/^(https:\/\/\S+|[\w./-]+)$/, "must be an https:// URL or a relative path")
          .default(DEFAULT_RUNBOOK_BASE_URL)
          .describe("Where the runbooks are published; alarm descriptions and notifications link <base>/<id>.md."),
      })
      .prefault({}),
  })
  .describe("s3-audit-baseline organization configuration");

/** A validated configuration with every default filled in. */
export type OrganizationConfig = z.output<typeof configSchema>;
/** A configuration as written in the file. */
export type OrganizationConfigInput = z.input<typeof configSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
export type BucketConfig = z.output<typeof bucketSchema>;
export type ReleasedBucketConfig = z.output<typeof releasedBucketSchema>;
export type DataEventMode = z.output<typeof dataEventMode>;
export type BackendConfig = z.output<typeof backendSchema>;
export type AuditConfig = z.output<typeof auditSchema>;
