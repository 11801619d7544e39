import { validateConfig, formatPath } from "../../config/validate";
import { exampleRaw } from "../helpers";
import { AWS_REGIONS } from "../../config/regions";
import { ResourceNames, s3BucketNameProblems } from "../../modules/naming";
import { ACCESS_LOG_BUCKET_DEFAULTS } from "../../modules/access-log-bucket/defaults";
import { CLOUDTRAIL_ARCHIVE_DEFAULTS } from "../../modules/cloudtrail-archive/defaults";
import { LOG_ANALYTICS_DEFAULTS } from "../../modules/log-analytics/defaults";
import { ORGANIZATION_TRAIL_DEFAULTS } from "../../modules/organization-trail/defaults";
import { RESPONDER_DEFAULTS } from "../../modules/security-responder/events";

type Raw = Record<string, any>;

function problemsAfter(edit: (raw: Raw) => void): string[] {
  const raw = exampleRaw();
  edit(raw);
  const result = validateConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
}

describe("validateConfig", () => {
  test("accepts the example organization and fills in defaults", () => {
    const raw = exampleRaw();
    delete raw.deployment;
    delete raw.notifications;
    delete raw.archive.readers;
    delete raw.trail.cloudWatchLogsKms;
    delete raw.audit;
    // Without readers nobody could query the logs: Athena must then be off.
    raw.audit = { athena: { enabled: false } };
    const result = validateConfig(raw);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.deployment).toEqual({
      roleName: "OrganizationAccountAccessRole",
      backend: { type: "local" },
      stackLayout: "account-region",
    });
    expect(result.config.trail.cloudWatchLogsKms).toBe(true);
    expect(result.config.archive.readers).toEqual([]);
    expect(result.config.audit).toEqual({
      athena: { enabled: false, scanLimitGb: 100, resultsExpirationDays: 30, firstDay: "2024/01/01" },
      config: { enabled: true, createRecorders: false, excludedAccounts: [] },
      accessAnalyzer: { enabled: true, trustedPrincipals: [] },
      trustedAdvisor: { enabled: true },
    });
    expect(result.config.notifications.emails).toEqual([]);
    expect(result.config.accounts.management.buckets).toEqual([]);
  });

  test("accepts a minimal configuration: organization, two accounts and who reads the logs", () => {
    const result = validateConfig({
      organization: { id: "o-abcdefghij", name: "acme", homeRegion: "us-east-1", regions: ["us-east-1"] },
      accounts: { management: { id: "111111111111", name: "m" }, logArchive: { id: "222222222222", name: "l" } },
      archive: { readers: ["arn:aws:iam::111111111111:role/auditor"] },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.trail).toEqual({
      name: "org-trail",
      dataEvents: "write",
      cloudWatchLogsRetentionDays: 365,
      cloudWatchLogsKms: true,
    });
    expect(result.config.archive.objectLock).toEqual({ mode: "GOVERNANCE", days: 365 });
  });

  test("an omitted section takes the defaults its constructs document, from the one place they are written", () => {
    const result = validateConfig({
      organization: { id: "o-abcdefghij", name: "acme", homeRegion: "us-east-1", regions: ["us-east-1"] },
      accounts: { management: { id: "111111111111", name: "m" }, logArchive: { id: "222222222222", name: "l" } },
      archive: { readers: ["arn:aws:iam::111111111111:role/auditor"] },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const c = result.config;
    expect(c.archive).toMatchObject({
      ...CLOUDTRAIL_ARCHIVE_DEFAULTS,
      accessLogExpirationDays: ACCESS_LOG_BUCKET_DEFAULTS.expirationDays,
    });
    expect(c.trail).toMatchObject(ORGANIZATION_TRAIL_DEFAULTS);
    expect(c.responder).toEqual(RESPONDER_DEFAULTS);
    expect(c.audit.athena).toEqual({ enabled: true, ...LOG_ANALYTICS_DEFAULTS });
  });

  // Each case: what is wrong, how to break the example, the exact line expected.
  const cases: [string, (r: Raw) => void, string][] = [
    [
      "Athena on with nobody to query",
      (r) => (r.archive.readers = []),
      "archive.readers: must name at least one principal while audit.athena is enabled: only the readers may assume the log analyst role that queries the logs (or set audit.athena.enabled: false)",
    ],
    [
      "an organization account trusted by Access Analyzer",
      (r) => (r.audit.accessAnalyzer.trustedPrincipals = ["arn:aws:iam::444444444444:role/partner"]),
      "audit.accessAnalyzer.trustedPrincipals[0]: is in the organization (accounts.members[0]): an organization analyzer never reports access from the organization, so only outside principals need trusting",
    ],
    [
      "a trusted principal that is not one",
      (r) => (r.audit.accessAnalyzer.trustedPrincipals = ["partner"]),
      'audit.accessAnalyzer.trustedPrincipals[0]: must be a 12-digit account id or an IAM role, user or account root ARN, got "partner"',
    ],
    [
      "a first day that is no day",
      (r) => (r.audit.athena.firstDay = "2025/02/30"),
      'audit.athena.firstDay: must be a real calendar day, got "2025/02/30"',
    ],
    [
      "a scan limit below Athena's smallest",
      (r) => (r.audit.athena.scanLimitGb = 0.001),
      "audit.athena.scanLimitGb: must be at least 10 MB (10485760 bytes, 0.009765625 GB), Athena's smallest limit, got 0.001",
    ],
    [
      "malformed organization id",
      (r) => (r.organization.id = "o-short"),
      'organization.id: must be an AWS Organizations id (o- and 10 to 32 lowercase letters or digits), got "o-short"',
    ],
    [
      "organization name with capitals",
      (r) => (r.organization.name = "Example"),
      'organization.name: must be 2 to 20 lowercase letters, digits or hyphens, starting with a letter, got "Example"',
    ],
    [
      "account id with too few digits",
      (r) => (r.accounts.members[1].id = "12345"),
      'accounts.members[1].id: must be 12 digits, got "12345"',
    ],
    [
      "account id written as a number",
      (r) => (r.accounts.management.id = 111111111111),
      "accounts.management.id: must be a 12-digit account id in quotes, got 111111111111",
    ],
    [
      "duplicate account id",
      (r) => (r.accounts.members[1].id = "444444444444"),
      'accounts.members[1].id: duplicate account id "444444444444" (also at accounts.members[0].id)',
    ],
    [
      "duplicate account name",
      (r) => (r.accounts.members[1].name = "security"),
      'accounts.members[1].name: duplicate account name "security" (also at accounts.security.name)',
    ],
    [
      "log archive is the management account",
      (r) => (r.accounts.logArchive.id = "111111111111"),
      "accounts.logArchive.id: must not be the management account (111111111111): the archive is kept apart from the account whose trail writes to it",
    ],
    [
      "unknown region",
      (r) => (r.organization.regions = ["eu-west-1", "eu-west-9"]),
      'organization.regions[1]: must be an AWS region such as eu-west-1, got "eu-west-9"',
    ],
    [
      "home region outside regions",
      (r) => (r.organization.homeRegion = "eu-central-1"),
      'organization.homeRegion: must be one of organization.regions (eu-west-1, us-east-1), got "eu-central-1"',
    ],
    [
      "duplicate region",
      (r) => (r.organization.regions = ["eu-west-1", "us-east-1", "eu-west-1"]),
      'organization.regions[2]: duplicate region "eu-west-1"',
    ],
    [
      "no regions",
      (r) => (r.organization.regions = []),
      "organization.regions: must list at least one region, got a list",
    ],
    [
      "bucket name with an underscore",
      (r) => (r.accounts.members[0].buckets[0].name = "payments_data"),
      'accounts.members[0].buckets[0].name: may contain only lowercase letters, digits, dots and hyphens, got "payments_data"',
    ],
    [
      "bucket name too short",
      (r) => (r.accounts.members[0].buckets[0].name = "ab"),
      'accounts.members[0].buckets[0].name: must be 3 to 63 characters long (is 2), got "ab"',
    ],
    [
      "bucket name like an IP address",
      (r) => (r.accounts.members[0].buckets[0].name = "192.168.5.4"),
      'accounts.members[0].buckets[0].name: must not be formatted as an IP address, got "192.168.5.4"',
    ],
    [
      "bucket name with adjacent dots",
      (r) => (r.accounts.members[0].buckets[0].name = "my..bucket"),
      'accounts.members[0].buckets[0].name: must not contain two adjacent dots, got "my..bucket"',
    ],
    [
      "bucket name with a reserved suffix",
      (r) => (r.accounts.members[0].buckets[0].name = "data-s3alias"),
      'accounts.members[0].buckets[0].name: must not end with the reserved suffix "-s3alias", got "data-s3alias"',
    ],
    [
      "bucket name in the log-bucket namespace",
      (r) => (r.accounts.members[0].buckets[0].name = "example-s3-access-logs-mine"),
      'accounts.members[0].buckets[0].name: must not start with "example-s3-access-logs-", which is reserved for log buckets, got "example-s3-access-logs-mine"',
    ],
    [
      "same bucket declared twice",
      (r) => (r.accounts.members[1].buckets[0].name = "example-payments-prod-data"),
      'accounts.members[1].buckets[0].name: bucket "example-payments-prod-data" is declared twice (also at accounts.members[0].buckets[0].name)',
    ],
    [
      "unknown data-event mode",
      (r) => (r.accounts.members[0].buckets[0].dataEvents = "all"),
      'accounts.members[0].buckets[0].dataEvents: must be one of none, write, readWrite, got "all"',
    ],
    [
      "unknown stack layout",
      (r) => (r.deployment.stackLayout = "region"),
      'deployment.stackLayout: must be one of account-region, account, got "region"',
    ],
    [
      "invalid e-mail",
      (r) => (r.notifications.emails = ["security@example.com", "not-an-address"]),
      'notifications.emails[1]: must be an e-mail address, got "not-an-address"',
    ],
    [
      "retention CloudWatch does not offer",
      (r) => (r.trail.cloudWatchLogsRetentionDays = 100),
      "trail.cloudWatchLogsRetentionDays: must be one of the retention periods CloudWatch Logs offers: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 100",
    ],
    [
      "invalid Object Lock mode",
      (r) => (r.archive.objectLock.mode = "LEGAL_HOLD"),
      'archive.objectLock.mode: must be GOVERNANCE or COMPLIANCE, got "LEGAL_HOLD"',
    ],
    [
      "zero Object Lock days",
      (r) => (r.archive.objectLock.days = 0),
      "archive.objectLock.days: must be at least 1 day, got 0",
    ],
    [
      "fractional Object Lock days",
      (r) => (r.archive.objectLock.days = 1.5),
      "archive.objectLock.days: must be a whole number of days, got 1.5",
    ],
    [
      "expiration before transition",
      (r) => {
        r.archive.transitionToGlacierDays = 400;
        r.archive.expirationDays = 380;
      },
      "archive.expirationDays: must be greater than transitionToGlacierDays (400): objects would expire before they transition, got 380",
    ],
    [
      "expiration shorter than the lock",
      (r) => {
        r.archive.transitionToGlacierDays = 30;
        r.archive.expirationDays = 200;
      },
      "archive.expirationDays: must be at least objectLock.days (365): locked objects cannot expire, got 200",
    ],
    ["typo in a key", (r) => (r.trail.nmae = "x"), 'trail.nmae: unknown key (did you mean "name"?)'],
    [
      "unknown top-level key",
      (r) => (r.alarms = {}),
      "alarms: unknown key (expected one of organization, accounts, deployment, trail, archive, audit, responder, lambda, notifications)",
    ],
    ["missing organization", (r) => delete r.organization, "organization: is required"],
    ["missing management account", (r) => delete r.accounts.management, "accounts.management: is required"],
    [
      "unknown backend type",
      (r) => (r.deployment.backend = { type: "gcs" }),
      'deployment.backend.type: must be one of local, s3, cloud, got "gcs"',
    ],
    [
      "s3 backend without a bucket",
      (r) => (r.deployment.backend = { type: "s3", region: "eu-west-1" }),
      "deployment.backend.bucket: is required",
    ],
    [
      "delegated administrator that is not declared",
      (r) => (r.trail.delegatedAdministrator = "999999999999"),
      'trail.delegatedAdministrator: must be the id of an account declared under accounts, got "999999999999"',
    ],
    [
      "delegated administrator is the management account",
      (r) => (r.trail.delegatedAdministrator = "111111111111"),
      'trail.delegatedAdministrator: must be a member account, not the management account, got "111111111111"',
    ],
    [
      "reader that is not an IAM ARN",
      (r) => (r.archive.readers = ["security-audit"]),
      'archive.readers[0]: must be an IAM role, user or account root ARN, got "security-audit"',
    ],
    [
      "organization name that makes S3-reserved bucket names",
      (r) => (r.organization.name = "xn--corp"),
      'organization.name: cannot prefix bucket names: "xn--corp-cloudtrail-archive-123456789012" must not start with the reserved prefix "xn--", got "xn--corp"',
    ],
    [
      "trail name with adjacent separators",
      (r) => (r.trail.name = "org--trail"),
      'trail.name: must be letters and digits, with single dots, underscores or hyphens between them, at most 100 characters, got "org--trail"',
    ],
    [
      "delegated administrator is the log-archive account",
      (r) => (r.trail.delegatedAdministrator = "222222222222"),
      'trail.delegatedAdministrator: must not be the log-archive account: the archive is kept apart from the account whose trail writes to it, got "222222222222"',
    ],
    [
      "s3 backend key prefix with a leading slash",
      (r) => (r.deployment.backend = { type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "/a/" }),
      'deployment.backend.keyPrefix: must be key segments separated by single slashes, with no leading or trailing slash, got "/a/"',
    ],
    [
      "s3 backend bucket that is not a bucket name",
      (r) => (r.deployment.backend = { type: "s3", bucket: "My_State", region: "eu-west-1" }),
      'deployment.backend.bucket: may contain only lowercase letters, digits, dots and hyphens, got "My_State"',
    ],
    [
      "blank Terraform Cloud organization",
      (r) => (r.deployment.backend = { type: "cloud", organization: " " }),
      'deployment.backend.organization: must be a Terraform Cloud organization name (letters, digits, - and _), got " "',
    ],
    [
      "invalid per-account role name",
      (r) => (r.accounts.management.roleName = "role with spaces"),
      'accounts.management.roleName: must be an IAM role name, got "role with spaces"',
    ],
    [
      "bucket in a region that is not governed",
      (r) => (r.accounts.members[0].buckets[0].region = "eu-central-1"),
      'accounts.members[0].buckets[0].region: must be one of organization.regions (eu-west-1, us-east-1), got "eu-central-1"',
    ],
    [
      "KMS key without SSE-KMS",
      (r) => (r.accounts.members[0].buckets[0].kmsKeyArn = "arn:aws:kms:eu-west-1:444444444444:key/abc"),
      "accounts.members[0].buckets[0].kmsKeyArn: is only used with encryption: SSE-KMS; set encryption or remove the key",
    ],
    [
      "KMS key in another region than the bucket",
      (r) => {
        r.accounts.members[0].buckets[0].encryption = "SSE-KMS";
        r.accounts.members[0].buckets[0].kmsKeyArn = "arn:aws:kms:us-east-1:444444444444:key/abc";
      },
      "accounts.members[0].buckets[0].kmsKeyArn: must be a key in the bucket's region (eu-west-1), got one in us-east-1",
    ],
    [
      "error-rate threshold above 100",
      (r) => (r.accounts.members[0].buckets[0].alarms = { clientErrorRatePercent: 150 }),
      "accounts.members[0].buckets[0].alarms.clientErrorRatePercent: must be at most 100, got 150",
    ],
    [
      "an existing bucket that does not state its encryption",
      (r) => (r.accounts.members[0].buckets[1].existing = true),
      "accounts.members[0].buckets[1].encryption: is required for an existing bucket: state its current default encryption (SSE-S3, or SSE-KMS with kmsKeyArn) so the baseline keeps it",
    ],
    [
      "an existing SSE-KMS bucket without its key",
      (r) => Object.assign(r.accounts.members[0].buckets[1], { existing: true, encryption: "SSE-KMS" }),
      "accounts.members[0].buckets[1].kmsKeyArn: is required for an existing SSE-KMS bucket: name its current key, or the baseline would encrypt new objects under a new key",
    ],
    [
      "a bucket both governed and released",
      (r) => (r.accounts.members[0].releasedBuckets = [{ name: "example-payments-prod-data" }]),
      'accounts.members[0].releasedBuckets[0].name: bucket "example-payments-prod-data" is also declared at accounts.members[0].buckets[0].name: remove it from buckets to release it',
    ],
    [
      "a released bucket outside the governed regions",
      (r) => (r.accounts.members[0].releasedBuckets = [{ name: "example-old", region: "eu-central-1" }]),
      'accounts.members[0].releasedBuckets[0].region: must be one of organization.regions (eu-west-1, us-east-1), got "eu-central-1"',
    ],
    [
      "a bucket's own statement about another bucket",
      (r) =>
        (r.accounts.members[0].buckets[0].policyStatements = [
          { Sid: "Other", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" },
        ]),
      'accounts.members[0].buckets[0].policyStatements[0].Resource: must be this bucket (arn:aws:s3:::example-payments-prod-data) or its objects (arn:aws:s3:::example-payments-prod-data/...), got "arn:aws:s3:::other/*"',
    ],
    [
      "a bucket's own statement reusing the baseline's Sid",
      (r) =>
        (r.accounts.members[0].buckets[0].policyStatements = [
          {
            Sid: "DenyRequestsWithoutTLS",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "arn:aws:s3:::example-payments-prod-data/*",
          },
        ]),
      'accounts.members[0].buckets[0].policyStatements[0].Sid: "DenyRequestsWithoutTLS" is the baseline\'s own statement; choose another Sid',
    ],
    [
      "a bucket's own lifecycle rule that does nothing",
      (r) => (r.accounts.members[0].buckets[0].lifecycleRules = [{ id: "noop", prefix: "tmp/" }]),
      "accounts.members[0].buckets[0].lifecycleRules[0]: does nothing: give expirationDays or transitions",
    ],
    [
      "a reservation below the SQS trigger's minimum",
      (r) => (r.lambda = { reservedConcurrency: { accessLogProcessor: 1 } }),
      "lambda.reservedConcurrency.accessLogProcessor: must be at least 2, the SQS trigger's minimum, got 1",
    ],
    [
      "the old total-latency threshold, now replaced by first-byte p99",
      (r) => (r.accounts.members[0].buckets[0].alarms = { totalRequestLatencyMs: 5000 }),
      "accounts.members[0].buckets[0].alarms.totalRequestLatencyMs: unknown key (expected one of clientErrorRatePercent, serverErrorRatePercent, minimumRequests, firstByteLatencyMs)",
    ],
  ];

  test.each(cases)("rejects %s", (_what, edit, expected) => {
    expect(problemsAfter(edit)).toContain(expected);
  });

  test("the longest allowed organization name keeps every derived bucket name valid", () => {
    const name = "a".repeat(20);
    const longestRegion = [...AWS_REGIONS].sort((a, b) => b.length - a.length)[0];
    const names = new ResourceNames({ prefix: name });
    for (const derived of [
      names.accessLogBucket("123456789012", longestRegion),
      names.accessLogArchiveBucket("123456789012"),
      names.cloudTrailArchiveBucket("123456789012"),
    ]) {
      expect(s3BucketNameProblems(derived)).toEqual([]);
    }
    expect(
      problemsAfter((r) => {
        r.organization.name = name;
        r.organization.regions = ["eu-west-1", longestRegion];
      }),
    ).toEqual([]);
  });

  test("reports every problem at once, not the first", () => {
    const problems = problemsAfter((r) => {
      r.organization.id = "bad";
      r.accounts.members[0].id = "1";
      r.trail.cloudWatchLogsRetentionDays = 2;
      r.notifications.emails = ["x"];
      r.archive.objectLock.mode = "SOFT";
    });
    expect(problems).toHaveLength(5);
  });

  test("too many per-bucket data-event overrides exceed CloudTrail's selector limit", () => {
    const problems = problemsAfter((r) => {
      r.accounts.members[0].buckets = Array.from({ length: 600 }, (_, i) => ({
        name: `example-bucket-${i}`,
        dataEvents: "readWrite",
      }));
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^accounts: the trail's advanced event selectors need 6\d\d condition values; CloudTrail allows 500/,
      ),
    );
  });
});
