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

  test("holds the CloudTrail archive, the access-log archive and this account's access-log bucket", () => {
    expect(
      resourcesOf(out, "aws_s3_bucket")
        .map((b) => b.bucket)
        .sort(),
    ).toEqual([
      "example-cloudtrail-archive-222222222222",
      "example-s3-access-logs-222222222222-eu-west-1",
      "example-s3-access-logs-archive-222222222222",
    ]);
  });

  test("the access-log archive admits replication only from the organization's replication roles", () => {
    const archiveId = idWhere(out, "aws_s3_bucket", "bucket", "example-s3-access-logs-archive-222222222222");
    const policy = resourceWhere(out, "aws_s3_bucket_policy", "bucket", `\${aws_s3_bucket.${archiveId}.id}`).policy;
    const replicate = statement(policy, "ReplicationFromOrganizationAccessLogBuckets");
    expect(replicate.Principal).toEqual({
      AWS: ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"].map(
        (a) => `arn:aws:iam::${a}:root`,
      ),
    });
    expect(replicate.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" },
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/example-s3-access-log-replication-*" },
    });
    expect(replicate.Action).toEqual([
      "s3:ReplicateObject",
      "s3:ReplicateDelete",
      "s3:ReplicateTags",
      "s3:ObjectOwnerOverrideToBucketOwner",
    ]);
  });

  test("this account's access-log bucket replicates into the archive too", () => {
    const replication = resourcesOf(out, "aws_s3_bucket_replication_configuration")[0];
    expect(replication.rule[0].destination).toEqual({
      bucket: "arn:aws:s3:::example-s3-access-logs-archive-222222222222",
      account: "222222222222",
      access_control_translation: { owner: "Destination" },
    });
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
    expect(statement(key.policy, "NamedReadersDecryptLogs").Principal).toEqual({
      AWS: ["arn:aws:iam::333333333333:role/security-audit"],
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
    expect(resourcesOf(strict, "aws_s3_bucket_object_lock_configuration")[0].rule.default_retention).toEqual({
      mode: "COMPLIANCE",
      days: 730,
    });
  });

  test("outputs the archive bucket and key", () => {
    expect(Object.keys(out.output ?? {}).sort()).toEqual([
      "access_log_archive_bucket",
      "archive_bucket",
      "archive_key_arn",
    ]);
  });
});
