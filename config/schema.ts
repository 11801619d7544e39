import { z } from "zod";
import { AWS_REGIONS, CLOUDWATCH_RETENTION_DAYS } from "./regions";
import { s3BucketNameProblems } from "../modules/naming";
import { DEFAULT_RUNBOOK_BASE_URL } from "../modules/package-info";
import { BUCKET_ALARM_DEFAULTS, DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS } from "../modules/bucket-baseline/defaults";
import { ACCESS_LOG_BUCKET_DEFAULTS } from "../modules/access-log-bucket/defaults";
import { CLOUDTRAIL_ARCHIVE_DEFAULTS } from "../modules/cloudtrail-archive/defaults";
import {
  ATHENA_MIN_SCAN_LIMIT_GB,
  LOG_ANALYTICS_DEFAULTS,
  SCAN_LIMIT_TOO_SMALL,
} from "../modules/log-analytics/defaults";
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

const region = z
  .enum(AWS_REGIONS, { error: "must be an AWS region such as eu-west-1" })
  .meta({ title: "any AWS region, such as eu-west-1" });

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
      .default(BUCKET_ALARM_DEFAULTS.clientErrorRatePercent)
      .describe("4xx responses as a percentage of the requests in 5 minutes that raise the alarm."),
    serverErrorRatePercent: z
      .number()
      .positive("must be above 0")
      .max(100, "must be at most 100")
      .default(BUCKET_ALARM_DEFAULTS.serverErrorRatePercent)
      .describe("5xx responses as a percentage of the requests in 5 minutes that raise the alarm."),
    minimumRequests: z
      .number()
      .int("must be a whole number of requests")
      .positive("must be at least 1")
      .default(BUCKET_ALARM_DEFAULTS.minimumRequests)
      .describe(
        "Requests in 5 minutes below which the error-rate alarms stay quiet: one 404 in a quiet window is not 100% errors.",
      ),
    firstByteLatencyMs: z
      .number()
      .positive("must be above 0")
      .default(BUCKET_ALARM_DEFAULTS.firstByteLatencyMs)
      .describe(
        "Time to first byte at the 99th percentile over 5 minutes, in milliseconds, that raises the alarm (total latency is dominated by body transfer, so it has no alarm).",
      ),
  })
  .describe("The bucket's alarm thresholds over 5 minutes: 4xx and 5xx shares of requests, first-byte latency.");

const stringOrList = z.union([z.string(), z.array(z.string()).min(1, "must list at least one")]);

export const bucketPolicyStatementSchema = z
  .strictObject({
    Sid: z
      .string()
      .regex(/^[A-Za-z0-9]+$/, "must be letters and digits (an IAM statement id)")
      .describe("The statement id: letters and digits, not one of the baseline's own (`DenyRequestsWithoutTLS`)."),
    Effect: z.enum(["Allow", "Deny"], { error: "must be Allow or Deny" }).describe("Allow or Deny."),
    Principal: z
      .union([
        z.literal("*"),
        z.strictObject({
          AWS: stringOrList.optional(),
          Service: stringOrList.optional(),
          Federated: stringOrList.optional(),
          CanonicalUser: stringOrList.optional(),
        }),
      ])
      .describe('`"*"`, or `AWS`, `Service`, `Federated` or `CanonicalUser` with one value or a list.'),
    Action: stringOrList.describe("An S3 action or a list of them."),
    Resource: stringOrList.describe("This bucket's ARN or ARNs within it, one or a list."),
    Condition: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.array(z.string())])))
      .optional()
      .describe("An IAM condition block."),
  })
  .describe("The bucket's own policy statements, merged into the baseline's policy.");

const storageClass = z.enum(
  ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  {
    error: "must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE",
  },
);

export const bucketLifecycleRuleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[\w .:/=+-]{1,255}$/, "must be a lifecycle rule id of at most 255 characters")
      .describe("The rule's id, unique in the bucket."),
    prefix: z.string().default("").describe("Objects the rule applies to; the whole bucket by default."),
    expirationDays: positiveDays.optional().describe("Days after which the objects expire."),
    transitions: z
      .array(
        z
          .strictObject({
            days: z
              .number()
              .int("must be a whole number of days")
              .min(0)
              .describe("Days after which the objects move."),
            storageClass: storageClass.describe("The storage class they move to."),
          })
          .describe("Moves of the objects to cheaper storage classes."),
      )
      .optional(),
  })
  .describe(
    "The bucket's own lifecycle rules, merged into the baseline's housekeeping rules; each needs `expirationDays`, `transitions` or both.",
  );

export const bucketSchema = z
  .strictObject({
    name: z
      .string()
      .describe(
        "An S3 bucket name (the naming rules are enforced), declared once; it must not start with the log-bucket prefixes `<name>-cloudtrail-archive-` or `<name>-s3-access-logs-`.",
      ),
    region: region
      .optional()
      .meta({ defaultFrom: "organization.homeRegion" })
      .describe(
        "The bucket's region, one of `organization.regions`; its baseline is built with the account's baseline of that region.",
      ),
    dataEvents: dataEventMode
      .optional()
      .meta({ defaultFrom: "trail.dataEvents" })
      .describe("S3 data events the trail records for this bucket."),
    encryption: z
      .enum(["SSE-S3", "SSE-KMS"], { error: "must be SSE-S3 or SSE-KMS" })
      .default("SSE-S3")
      .describe(
        "Default encryption: SSE-S3, or SSE-KMS with `kmsKeyArn` (a key in the bucket's region) or else a new key with rotation. Required for an existing bucket: the baseline does not guess what it holds.",
      ),
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/, "must be a KMS key or alias ARN")
      .optional()
      .describe("KMS key or alias ARN, only with SSE-KMS; required for an existing SSE-KMS bucket."),
    existing: z
      .boolean()
      .default(false)
      .describe(
        "The bucket exists already: Terraform imports it (an `import` block, Terraform 1.5+) instead of creating it. See Existing buckets.",
      ),
    policyStatements: z.array(bucketPolicyStatementSchema).default([]),
    lifecycleRules: z.array(bucketLifecycleRuleSchema).default([]),
    noncurrentVersionExpirationDays: positiveDays
      .default(DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS)
      .describe("Days before replaced or deleted versions are removed."),
    alarms: bucketAlarmsSchema.prefault({}),
  })
  .describe("The buckets the baseline governs in this account.");

export const releasedBucketSchema = z
  .strictObject({
    name: z.string().describe("Name of a bucket the baseline governed."),
    region: region.optional().meta({ defaultFrom: "organization.homeRegion" }).describe("Its region."),
  })
  .describe(
    "Buckets no longer governed: Terraform forgets them and everything their baseline had (`removed` blocks), and deletes nothing. A bucket is either in `buckets` or here. See Releasing a bucket.",
  );

const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name");

export const accountSchema = z
  .strictObject({
    id: accountId.describe("The account id: 12 digits, in quotes; unique across accounts."),
    name: accountName.describe(
      "A short name, used in stack and resource names: 1 to 32 lowercase letters, digits or hyphens; unique.",
    ),
    roleName: roleName
      .optional()
      .meta({ defaultFrom: "deployment.roleName" })
      .describe("Role the stacks assume in this account."),
    buckets: z.array(bucketSchema).default([]),
    releasedBuckets: z.array(releasedBucketSchema).default([]),
  })
  .meta({ id: "account" });

export const backendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("local") }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: z
        .string()
        .superRefine((name, ctx) => {
          for (const problem of s3BucketNameProblems(name))
            ctx.addIssue({ code: "custom", message: problem, input: name });
        })
        .describe("The bucket that holds the state files."),
      region: region.describe("The state bucket's region."),
      keyPrefix: z
        .string()
        .regex(
          /^([\w.-]+(\/[\w.-]+)*)?$/,
          "must be key segments separated by single slashes, with no leading or trailing slash",
        )
        .default("s3-audit-baseline")
        .describe("Key prefix of the state files: `<keyPrefix>/<stack>.tfstate`."),
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
        .regex(/^[\w-]+$/, "must be a Terraform Cloud organization name (letters, digits, - and _)")
        .describe("The Terraform Cloud organization."),
      project: z
        .string()
        .regex(/^[\w -]*[\w-][\w -]*$/, "must be a Terraform Cloud project name")
        .optional()
        .describe("The project the workspaces belong to; the organization's default project if none."),
      workspacePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]*$/, "may contain only letters, digits, hyphens and underscores")
        .default("s3-audit-baseline-")
        .describe("Workspace names are `<workspacePrefix><stack>`."),
      hostname: z.string().optional().describe("A Terraform Enterprise host; app.terraform.io if none."),
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

const toolSwitch = (what: string, more = "") =>
  z
    .boolean()
    .default(true)
    .describe(`Deploy ${what}; false if an equivalent is already in place.${more ? ` ${more}` : ""}`);

export const auditSchema = z
  .strictObject({
    athena: z
      .strictObject({
        enabled: toolSwitch(
          "the Athena database, tables, workgroup and named queries over the archives in the log-archive account, and the `<name>-log-analyst` role that `archive.readers` assume",
          "Needs at least one reader.",
        ),
        scanLimitGb: z
          .number()
          .min(ATHENA_MIN_SCAN_LIMIT_GB, SCAN_LIMIT_TOO_SMALL)
          .default(LOG_ANALYTICS_DEFAULTS.scanLimitGb)
          .describe(
            "Data one query may scan before Athena cancels it, in GB (10 MB at least, Athena's smallest limit).",
          ),
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
            "Create a configuration recorder, its role and a delivery channel (into `<name>-config-history-<log-archive account>`) in every account and governed region; leave off where the accounts record already (Control Tower does).",
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
            "Account ids or IAM ARNs outside the organization whose access is expected: their findings are archived. The organization's own accounts are rejected here: an organization analyzer never reports them.",
          ),
      })
      .prefault({}),
    trustedAdvisor: z
      .strictObject({
        enabled: toolSwitch(
          "forwarding of Trusted Advisor's S3 bucket permissions check (WARN and ERROR) from every account's us-east-1",
        ),
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
        .regex(/^o-[a-z0-9]{10,32}$/, "must be an AWS Organizations id (o- and 10 to 32 lowercase letters or digits)")
        .describe("The AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits."),
      name: z
        .string()
        .regex(
          /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/,
          "must be 2 to 20 lowercase letters, digits or hyphens, starting with a letter",
        )
        .describe("Prefix of every resource name: 2 to 20 lowercase letters, digits or hyphens."),
      homeRegion: region.describe(
        "Region of the trail, its log group and detection alarms, the archives and the central security-event bus; one of `regions`.",
      ),
      regions: z
        .array(region)
        .min(1, "must list at least one region")
        .describe("The governed regions, no duplicates: every account gets a baseline in each."),
    }),
    accounts: z.strictObject({
      management: accountSchema.describe("The management account; it owns the organization trail."),
      logArchive: accountSchema.describe(
        "The log-archive account: the archives, Athena. It must not be the management account.",
      ),
      security: accountSchema
        .optional()
        .describe(
          "The security account: it holds the central security-event bus, the responder and the audit services' administration. Without one, they go to the trail's delegated administrator, else the management account.",
        ),
      members: z.array(accountSchema).default([]).describe("Every other account of the organization."),
    }),
    deployment: z
      .strictObject({
        roleName: roleName
          .default("OrganizationAccountAccessRole")
          .describe("The role each stack assumes in its account, unless the account names its own."),
        backend: backendSchema
          .default({ type: "local" })
          .describe(
            "Where Terraform keeps each stack's state: `local` (`terraform.<stack>.tfstate` at the project root), an `s3` bucket, or Terraform Cloud (`cloud`), one workspace per stack. See Terraform Cloud.",
          ),
        stackLayout: z
          .enum(["account-region", "account"])
          .default("account-region")
          .describe(
            "How member accounts' baselines split into stacks (state files, Terraform Cloud workspaces): one per account and region (`baseline-<account>-<region>`), or one per account with every region inside, through a provider per region (`baseline-<account>`). See Stack layout.",
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
          .default("org-trail")
          .describe(
            "The trail's name, prefixed with `organization.name`: letters and digits with single dots, underscores or hyphens between them.",
          ),
        dataEvents: dataEventMode
          .default(ORGANIZATION_TRAIL_DEFAULTS.dataEvents)
          .describe(
            "S3 data events recorded organization-wide: none, object writes, or reads and writes (reads cost per event, so they are opt-in).",
          ),
        cloudWatchLogsRetentionDays: z
          .literal(CLOUDWATCH_RETENTION_DAYS, {
            error: `must be one of the retention periods CloudWatch Logs offers: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
          })
          .default(ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsRetentionDays)
          .describe("Days the trail's log group keeps events, a retention CloudWatch Logs offers."),
        cloudWatchLogsKms: z
          .boolean()
          .default(ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsKms)
          .describe("Encrypt the trail's log group with a customer managed key; false is the explicit, weaker choice."),
        delegatedAdministrator: accountId
          .optional()
          .describe(
            "Id of a declared account, neither management nor log-archive, registered as CloudTrail delegated administrator; the trail stack then deploys there (the management account still owns the trail).",
          ),
      })
      .prefault({}),
    archive: z
      .strictObject({
        objectLock: z
          .strictObject({
            mode: z
              .enum(["GOVERNANCE", "COMPLIANCE"], { error: "must be GOVERNANCE or COMPLIANCE" })
              .default(CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock.mode)
              .describe("Object Lock mode of the CloudTrail archive and the access-log archive."),
            days: positiveDays
              .max(36500, "must be at most 36500 days")
              .default(CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock.days)
              .describe("Default retention of a log file, in days."),
          })
          .prefault({}),
        transitionToGlacierDays: positiveDays
          .optional()
          .default(CLOUDTRAIL_ARCHIVE_DEFAULTS.transitionToGlacierDays)
          .describe("Days before log files move to Glacier Flexible Retrieval."),
        expirationDays: positiveDays
          .default(CLOUDTRAIL_ARCHIVE_DEFAULTS.expirationDays)
          .describe("Days before log files expire: after the transition, and at least the lock."),
        accessLogExpirationDays: positiveDays
          .default(ACCESS_LOG_BUCKET_DEFAULTS.expirationDays)
          .describe(
            "Days before server access logs expire, in every access-log bucket and in the access-log archive, where replicas are also locked, and replaced versions kept, for as long.",
          ),
        readers: z
          .array(iamPrincipalArn)
          .default([])
          .describe(
            "IAM role, user or root ARNs allowed to read (S3) and decrypt (KMS) the logs; nobody else can. Readers in other accounts also need s3:GetObject, s3:ListBucket and kms:Decrypt in their own IAM policies.",
          ),
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
            securityResponder: z
              .number()
              .int("must be a whole number")
              .min(1, "must be at least 1")
              .optional()
              .describe("Reserved concurrency of the security responder."),
            accessLogProcessor: z
              .number()
              .int("must be a whole number")
              .min(2, "must be at least 2, the SQS trigger's minimum")
              .optional()
              .describe(
                "Reserved concurrency of the access-log processor; its SQS trigger never polls with more (5 without a reservation).",
              ),
          })
          .prefault({})
          .describe(
            "Reserved concurrency per function; none by default. The account's Lambda concurrency quota must leave 100 unreserved (new accounts have 10).",
          ),
      })
      .prefault({}),
    notifications: z
      .strictObject({
        emails: z
          .array(z.email("must be an e-mail address"))
          .default([])
          .describe("E-mail addresses subscribed to the alarm topics; each confirms its subscription."),
        httpsEndpoints: z
          .array(z.url({ protocol: /^https$/, error: "must be an https:// URL" }))
          .default([])
          .describe("HTTPS endpoints (chat webhooks, incident tools) subscribed to the alarm topics."),
        runbookBaseUrl: z
          .string()
          .regex(/^(https:\/\/\S+|[\w./-]+)$/, "must be an https:// URL or a relative path")
          .default(DEFAULT_RUNBOOK_BASE_URL)
          .describe("Where the runbooks are published; alarm descriptions and notifications link `<base>/<id>.md`."),
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
