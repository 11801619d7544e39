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

  test("no synthesized stack has force_destroy on any bucket, and every bucket is protected", () => {
    for (const stack of defineOrganization(Testing.app(), exampleConfig())) {
      for (const bucket of Object.values(synthStack(stack).resource.aws_s3_bucket ?? {})) {
        expect(bucket.force_destroy).toBe(false);
        expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
      }
    }
  });
});
