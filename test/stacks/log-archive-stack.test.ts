import { Testing } from "cdktf";
import { LogArchiveStack } from "../../stacks/log-archive-stack";
import { exampleConfig, idWhere, resourcesOf, resourceWhere, statement, synthStack } from "../helpers";

describe("LogArchiveStack", () => {
  const config = exampleConfig();
  const stack = new LogArchiveStack(Testing.app(), "log-archive", config);
  const out = synthStack(stack);

  test("deploys into the log-archive account, home region", () => {
    expect(out.provider!.aws[0].allowed_account_ids).toEqual(["222222222222"]);
    expect(out.provider!.aws[0].region).toBe("eu-west-1");
  });

  test("holds the two archives, this account's access-log bucket, Athena's results and Config's history", () => {
    expect(
      resourcesOf(out, "aws_s3_bucket")
        .map((b) => b.bucket)
        .sort(),
    ).toEqual([
      "example-athena-results-222222222222",
      "example-cloudtrail-archive-222222222222",
      "example-config-history-222222222222",
      "example-s3-access-logs-222222222222-eu-west-1",
      "example-s3-access-logs-archive-222222222222",
    ]);
  });

  test("without Athena or created recorders, neither results nor history bucket, nor analyst role", () => {
    const bare = synthStack(
      new LogArchiveStack(
        Testing.app(),
        "log-archive",
        exampleConfig((r) => {
          r.audit.athena.enabled = false;
          r.audit.config.createRecorders = false;
        }),
      ),
    );
    expect(resourcesOf(bare, "aws_s3_bucket")).toHaveLength(3);
    expect(resourcesOf(bare, "aws_iam_role").map((r) => r.name)).not.toContain("example-log-analyst");
    expect(resourcesOf(bare, "aws_glue_catalog_table")).toEqual([]);
    const key = resourcesOf(bare, "aws_kms_key").find((k) => k.description.includes("organization trail"))!;
    expect(statement(key.policy, "NamedReadersDecryptLogs").Principal).toEqual({
      AWS: ["arn:aws:iam::333333333333:role/security-audit"],
    });
  });

  test("Config's history: each organization recorder role writes under its own account only", () => {
    const id = idWhere(out, "aws_s3_bucket", "bucket", "example-config-history-222222222222");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${id}.id}`).policy;
    const deliver = statement(policy, "RecordersDeliverOwnHistory");
    expect(deliver.Action).toEqual(["s3:PutObject", "s3:PutObjectAcl"]);
    expect(deliver.Resource).toBe(
      "arn:aws:s3:::example-config-history-222222222222/AWSLogs/$${aws:PrincipalAccount}/Config/*",
    );
    expect(deliver.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1", "s3:x-amz-acl": "bucket-owner-full-control" },
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/example-config-recorder-*" },
    });
    expect(statement(policy, "DenyHistoryDeletion").Effect).toBe("Deny");
    // It logs into this account's access-log bucket, like the archives.
    expect(resourcesOf(out, "aws_s3_bucket_logging").map((l) => l.bucket)).toContain(`\${aws_s3_bucket.${id}.id}`);
  });

  test("the access-log archive admits replication from the organization's replication roles, whatever its size", () => {
    const archiveId = idWhere(out, "aws_s3_bucket", "bucket", "example-s3-access-logs-archive-222222222222");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${archiveId}.id}`).policy;
    const replicate = statement(policy, "OrganizationReplicatesIntoOwnPrefix");
    // Scoped by organization, not a list of accounts: the policy does not grow.
    expect(replicate.Principal).toBe("*");
    expect(replicate.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" },
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/example-s3-access-log-replication-*" },
    });
    expect(replicate.Action).toEqual(["s3:ReplicateObject", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"]);
    expect(policy).not.toContain("444444444444");
  });

  test("each account writes only under its own id, and no deletion replicates into the archive", () => {
    const archiveId = idWhere(out, "aws_s3_bucket", "bucket", "example-s3-access-logs-archive-222222222222");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${archiveId}.id}`).policy;
    // Terraform reads "$${" as a literal "${": AWS receives the policy variable.
    const own = "arn:aws:s3:::example-s3-access-logs-archive-222222222222/$${aws:PrincipalAccount}/*";
    expect(statement(policy, "OrganizationReplicatesIntoOwnPrefix").Resource).toBe(own);
    expect(statement(policy, "DenyWritesOutsideOwnPrefix")).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:ReplicateObject", "s3:ReplicateTags", "s3:PutObject"],
      NotResource: own,
    });
    expect(statement(policy, "DenyReplicatedDeletionsAndRetentionBypass")).toMatchObject({
      Effect: "Deny",
      Action: ["s3:ReplicateDelete", "s3:BypassGovernanceRetention"],
      Resource: "arn:aws:s3:::example-s3-access-logs-archive-222222222222/*",
    });
    // Replicas are locked for as long as access logs are kept (the archive is a
    // replication destination, not a log-delivery target, so Object Lock is allowed).
    expect(
      resourcesOf(out, "aws_s3_bucket").find(
        (b) => b.bucket.endsWith("archive-222222222222") && b.bucket.includes("access-logs"),
      )!.object_lock_enabled,
    ).toBe(true);
    const lock = resourceWhere(
      out,
      "aws_s3_bucket_object_lock_configuration",
      "bucket",
      `\${aws_s3_bucket.${archiveId}.id}`,
    );
    expect(lock.rule).toEqual({ default_retention: { mode: "GOVERNANCE", days: 365 } });
    const allowed = JSON.parse(policy)
      .Statement.filter((x: any) => x.Effect === "Allow")
      .flatMap((x: any) => [x.Action].flat());
    expect(allowed).not.toContain("s3:ReplicateDelete");
  });

  test("replaced or deleted access-log versions are kept as long as current ones", () => {
    const archiveId = idWhere(out, "aws_s3_bucket", "bucket", "example-s3-access-logs-archive-222222222222");
    const rules = resourceWhere(
      out,
      "aws_s3_bucket_lifecycle_configuration",
      "bucket",
      `\${aws_s3_bucket.${archiveId}.id}`,
    ).rule;
    const noncurrent = rules.find((r: any) => r.noncurrent_version_expiration);
    expect(noncurrent.noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
  });

  test("this account's access-log bucket replicates into the archive by reference, same account, no owner override", () => {
    const archiveId = idWhere(out, "aws_s3_bucket", "bucket", "example-s3-access-logs-archive-222222222222");
    const replication = resourcesOf(out, "aws_s3_bucket_replication_configuration")[0];
    expect(replication.rule[0].destination).toEqual({
      bucket: `\${aws_s3_bucket.${archiveId}.arn}`,
      account: "222222222222",
    });
    expect(replication.rule[0].filter).toEqual({ prefix: "222222222222/" });
    expect(replication.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_versioning\.access-log-archive/)]),
    );
  });

  test("the archive is configured from the config: lock, lifecycle, readers", () => {
    expect(resourcesOf(out, "aws_s3_bucket_object_lock_configuration")[0].rule).toEqual({
      default_retention: { mode: "GOVERNANCE", days: 365 },
    });
    const lifecycle = resourcesOf(out, "aws_s3_bucket_lifecycle_configuration").flatMap((l) => l.rule);
    expect(lifecycle.find((r: any) => r.id === "archive-then-expire")).toMatchObject({
      transition: [{ days: 90, storage_class: "GLACIER" }],
      expiration: [{ days: 2555 }],
    });
    expect(lifecycle.find((r: any) => r.id === "expire-access-logs").expiration).toEqual([{ days: 365 }]);
    const key = resourcesOf(out, "aws_kms_key").find((k) => k.description.includes("organization trail"))!;
    // The analyst role, made in this stack, is named by reference: it exists before the key policy.
    const analyst = idWhere(out, "aws_iam_role", "name", "example-log-analyst");
    expect(statement(key.policy, "NamedReadersDecryptLogs").Principal).toEqual({
      AWS: ["arn:aws:iam::333333333333:role/security-audit", `\${aws_iam_role.${analyst}.arn}`],
    });
  });

  test("the archive admits the trail that the org-trail stack creates", () => {
    const archiveId = idWhere(out, "aws_s3_bucket", "bucket", "example-cloudtrail-archive-222222222222");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${archiveId}.id}`).policy;
    expect(statement(policy, "CloudTrailWriteOrganizationLogs").Condition!.StringEquals["aws:SourceArn"]).toBe(
      "arn:aws:cloudtrail:eu-west-1:111111111111:trail/example-org-trail",
    );
  });

  test("COMPLIANCE mode and other retention come through", () => {
    const strict = synthStack(
      new LogArchiveStack(
        Testing.app(),
        "log-archive",
        exampleConfig((r) => (r.archive.objectLock = { mode: "COMPLIANCE", days: 730 })),
      ),
    );
    // The CloudTrail archive takes the configured retention; the access-log archive
    // the same mode, for as long as access logs are kept.
    expect(
      resourcesOf(strict, "aws_s3_bucket_object_lock_configuration")
        .map((l) => l.rule.default_retention)
        .sort((a, b) => a.days - b.days),
    ).toEqual([
      { mode: "COMPLIANCE", days: 365 },
      { mode: "COMPLIANCE", days: 730 },
    ]);
  });

  test("outputs the archive bucket and key", () => {
    expect(Object.keys(out.output ?? {}).sort()).toEqual([
      "access_log_archive_bucket",
      "archive_bucket",
      "archive_key_arn",
      "athena_workgroup",
      "log_analyst_role_arn",
    ]);
  });
});
