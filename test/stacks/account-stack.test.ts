import { Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AccountStack, deploymentRoleArn, requiredTerraformVersion } from "../../stacks/account-stack";
import { exampleConfig, synthStack } from "../helpers";

function stackWith(edit: Parameters<typeof exampleConfig>[0] = () => undefined) {
  const stack = new AccountStack(Testing.app(), "log-archive", {
    config: exampleConfig(edit),
    accountId: "222222222222",
    region: "eu-west-1",
  });
  return synthStack(stack);
}

describe("AccountStack", () => {
  test("its provider assumes the deployment role in its own account and region, and refuses others", () => {
    const out = stackWith((r) => (r.deployment.roleName = "BaselineDeployer"));
    expect(out.provider!.aws).toEqual([
      {
        region: "eu-west-1",
        allowed_account_ids: ["222222222222"],
        assume_role: [
          {
            role_arn: "arn:aws:iam::222222222222:role/BaselineDeployer",
            session_name: "s3-audit-baseline-log-archive",
          },
        ],
        default_tags: [
          {
            tags: { ManagedBy: "s3-audit-baseline", BaselineOrganization: "example", BaselineStack: "log-archive" },
          },
        ],
      },
    ]);
  });

  test("an account's own roleName overrides deployment.roleName for that account only", () => {
    const config = exampleConfig((r) => (r.accounts.logArchive.roleName = "AWSControlTowerExecution"));
    expect(deploymentRoleArn(config, "222222222222")).toBe("arn:aws:iam::222222222222:role/AWSControlTowerExecution");
    expect(deploymentRoleArn(config, "444444444444")).toBe(
      "arn:aws:iam::444444444444:role/OrganizationAccountAccessRole",
    );
  });

  test("carries the guardrails: a non-compliant resource fails its synthesis", () => {
    const stack = new AccountStack(Testing.app(), "log-archive", {
      config: exampleConfig(),
      accountId: "222222222222",
      region: "eu-west-1",
    });
    new S3Bucket(stack, "naked", { bucket: "example-naked" });
    expect(() => Testing.synth(stack, true)).toThrow("[s3-versioning] aws_s3_bucket.naked (log-archive/naked)");
  });

  test("local backend: one state file per stack", () => {
    // Relative to cdktf.out/stacks/<stack>: the project root, which synth never wipes.
    expect(stackWith().terraform.backend).toEqual({ local: { path: "../../../terraform.log-archive.tfstate" } });
  });

  test("s3 backend: encrypted, locked, keyed by stack name", () => {
    const out = stackWith(
      (r) => (r.deployment.backend = { type: "s3", bucket: "acme-tf-state", region: "eu-west-1", keyPrefix: "audit" }),
    );
    expect(out.terraform.backend).toEqual({
      s3: {
        bucket: "acme-tf-state",
        region: "eu-west-1",
        key: "audit/log-archive.tfstate",
        encrypt: true,
        use_lockfile: true,
      },
    });
    // The lock file is Terraform 1.10's.
    expect(out.terraform.required_version).toBe(">= 1.10.0");
  });

  test("s3 backend: a role to assume and a KMS key for the state, when configured", () => {
    const out = stackWith(
      (r) =>
        (r.deployment.backend = {
          type: "s3",
          bucket: "acme-tf-state",
          region: "eu-west-1",
          roleArn: "arn:aws:iam::999999999999:role/TerraformState",
          kmsKeyId: "arn:aws:kms:eu-west-1:999999999999:alias/terraform-state",
        }),
    );
    expect(out.terraform.backend.s3).toMatchObject({
      key: "s3-audit-baseline/log-archive.tfstate",
      kms_key_id: "arn:aws:kms:eu-west-1:999999999999:alias/terraform-state",
      assume_role: {
        role_arn: "arn:aws:iam::999999999999:role/TerraformState",
        session_name: "s3-audit-baseline-state",
      },
    });
  });

  test("declares the oldest Terraform that applies it: 1.5 (import blocks), 1.7 with removed blocks", () => {
    expect(stackWith().terraform.required_version).toBe(">= 1.5.0");
    expect(requiredTerraformVersion({ import: [{}] })).toBe(">= 1.5.0");
    expect(requiredTerraformVersion({ removed: [{}], import: [{}] })).toBe(">= 1.7.0");
    expect(requiredTerraformVersion({ removed: [{}], terraform: { backend: { s3: { use_lockfile: true } } } })).toBe(
      ">= 1.10.0",
    );
  });

  test("cloud backend: one Terraform Cloud workspace per stack, named from the prefix", () => {
    const out = stackWith(
      (r) =>
        (r.deployment.backend = {
          type: "cloud",
          organization: "acme",
          project: "security",
          workspacePrefix: "audit-",
        }),
    );
    expect(out.terraform.cloud).toEqual({
      organization: "acme",
      workspaces: { name: "audit-log-archive", project: "security" },
    });
  });
});
