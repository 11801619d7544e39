import { Testing } from "cdktf";
import { defineOrganization } from "../../stacks/organization";
import { exampleConfig, synthStack } from "../helpers";

describe("defineOrganization", () => {
  test("one stack per account role, in deploy order", () => {
    const stacks = defineOrganization(Testing.app(), exampleConfig());
    expect(stacks.map((s) => [s.node.id, s.accountId, s.region])).toEqual([
      ["log-archive", "222222222222", "eu-west-1"],
      ["org-trail", "111111111111", "eu-west-1"],
    ]);
  });

  test("nothing that holds audit logs can be destroyed by a plan", () => {
    const protectedTypes = ["aws_s3_bucket", "aws_kms_key", "aws_kms_alias", "aws_cloudwatch_log_group"];
    const seen: Record<string, number> = {};
    for (const stack of defineOrganization(Testing.app(), exampleConfig())) {
      const out = synthStack(stack);
      for (const type of protectedTypes) {
        for (const [id, r] of Object.entries(out.resource[type] ?? {})) {
          expect([type, id, r.lifecycle]).toEqual([type, id, { prevent_destroy: true }]);
          if (type === "aws_s3_bucket") expect(r.force_destroy).toBe(false);
          seen[type] = (seen[type] ?? 0) + 1;
        }
      }
    }
    // Two buckets, two keys (archive, log group), one alias, one log group.
    expect(seen).toEqual({ aws_s3_bucket: 2, aws_kms_key: 2, aws_kms_alias: 1, aws_cloudwatch_log_group: 1 });
  });
});
