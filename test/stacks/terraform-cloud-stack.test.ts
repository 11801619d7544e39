import { Testing } from "cdktf";
import { loadConfigFile } from "../../config/load";
import { organizationPlan, defineOrganization } from "../../stacks/organization";
import { TerraformCloudStack } from "../../stacks/terraform-cloud-stack";
import { workingCopy } from "../../scripts/rehearsal/rehearse";
import { exampleConfig, resourcesOf, synthStack } from "../helpers";
import * as path from "node:path";

const cloud = (r: Record<string, any>) =>
  (r.deployment.backend = { type: "cloud", organization: "acme", project: "security", workspacePrefix: "audit-" });

describe("TerraformCloudStack: Terraform Cloud from zero", () => {
  // As in its doc example: the organization's stack names, a workspace each.
  const config = exampleConfig(cloud);
  const names = organizationPlan(config)
    .map((p) => p.name)
    .filter((n) => n !== "terraform-cloud");
  const stacks = defineOrganization(Testing.app(), config);
  const out = synthStack(stacks.find((s) => s.node.id === "terraform-cloud")!) as any;

  test("one workspace per stack, named as the stack's cloud block names it, in the configured project", () => {
    const workspaces = resourcesOf(out, "tfe_workspace");
    const cloudBlocks = stacks
      .filter((s) => s.node.id !== "terraform-cloud")
      .map((s) => (synthStack(s) as any).terraform.cloud.workspaces.name);
    expect(workspaces.map((w) => w.name).sort()).toEqual(cloudBlocks.sort());
    expect(workspaces.map((w) => w.name).sort()).toEqual(names.map((n) => `audit-${n}`).sort());
    for (const w of workspaces) {
      expect(w).toMatchObject({ organization: "acme", project_id: "${data.tfe_project.project.id}" });
    }
    expect(out.data.tfe_project.project).toEqual({ name: "security", organization: "acme" });
  });

  test("a variable set with dynamic AWS credentials, attached to exactly those workspaces", () => {
    const variables = resourcesOf(out, "tfe_variable");
    expect(variables.map((v) => [v.key, v.value, v.category])).toEqual([
      ["TFC_AWS_PROVIDER_AUTH", "true", "env"],
      ["TFC_AWS_RUN_ROLE_ARN", "${aws_iam_role.run-role.arn}", "env"],
    ]);
    const attachments = resourcesOf(out, "tfe_workspace_variable_set");
    expect(attachments).toHaveLength(names.length);
    expect(new Set(attachments.map((a) => a.workspace_id)).size).toBe(names.length);
    expect(resourcesOf(out, "tfe_variable_set")[0]).toMatchObject({ name: "example-aws-dynamic-credentials" });
  });

  test("the OIDC provider of the Terraform Cloud host, and a run role that trusts only the prefix's workspaces", () => {
    expect(resourcesOf(out, "aws_iam_openid_connect_provider")[0]).toEqual({
      url: "https://app.terraform.io",
      client_id_list: ["aws.workload.identity"],
    });
    const trust = JSON.parse(resourcesOf(out, "aws_iam_role")[0]!.assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Federated: "${aws_iam_openid_connect_provider.oidc-provider.arn}" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
          StringLike: { "app.terraform.io:sub": "organization:acme:project:security:workspace:audit-*:run_phase:*" },
        },
      }),
    ]);
  });

  test("the run role may assume the deployment roles of the organization's accounts, and nothing else", () => {
    const policy = JSON.parse(resourcesOf(out, "aws_iam_role_policy")[0]!.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Action: ["sts:AssumeRole", "sts:TagSession"],
        // deployment.roleName, and the one account that names its own
        Resource: [
          "arn:aws:iam::*:role/OrganizationAccountAccessRole",
          "arn:aws:iam::*:role/s3-audit-baseline-deployer",
        ],
        Condition: { StringEquals: { "aws:ResourceOrgID": config.organization.id } },
      }),
    ]);
  });

  test("keeps its own state locally, in the management account's home region, before every other stack", () => {
    expect(out.terraform.backend).toEqual({ local: { path: "../../../terraform.terraform-cloud.tfstate" } });
    expect(out.terraform.cloud).toBeUndefined();
    expect(out.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: ["111111111111"] });
    expect(out.provider.tfe[0]).toEqual({ hostname: "app.terraform.io", organization: "acme" });
    for (const plan of organizationPlan(config).filter((p) => p.name !== "terraform-cloud"))
      expect(plan.dependsOn[0]).toBe("terraform-cloud");
  });

  test("a custom host and no project: the host's provider, the default project in the trust", () => {
    const other = exampleConfig(
      (r) => (r.deployment.backend = { type: "cloud", organization: "acme", hostname: "tfe.example.com" }),
    );
    const tfc = synthStack(
      new TerraformCloudStack(Testing.app(), "terraform-cloud", other, { stackNames: ["a"] }),
    ) as any;
    expect(tfc.data).toBeUndefined();
    expect(resourcesOf(tfc, "tfe_workspace")[0]!.project_id).toBeUndefined();
    const trust = JSON.parse(resourcesOf(tfc, "aws_iam_role")[0]!.assume_role_policy);
    expect(trust.Statement[0].Condition.StringLike).toEqual({
      "tfe.example.com:sub": "organization:acme:project:Default Project:workspace:s3-audit-baseline-*:run_phase:*",
    });
  });

  test("the deploy rehearsal keeps its AWS side; Terraform Cloud's resources and provider are left out", () => {
    const tfc = defineOrganization(Testing.app(), config).find((s) => s.node.id === "terraform-cloud")!;
    const synthesized = synthStack(tfc) as any;
    expect(synthesized.resource.tfe_workspace).toBeDefined();
    const c = workingCopy("terraform-cloud", synthesized, { providerVersion: "x", stateDir: "/s", leftOut: [] });
    expect(Object.keys(c.resource).sort()).toEqual([
      "aws_iam_openid_connect_provider",
      "aws_iam_role",
      "aws_iam_role_policy",
    ]);
    expect(c.data).toBeUndefined();
    expect(Object.keys(c.provider)).toEqual(["aws"]);
    expect(Object.keys(c.terraform.required_providers)).toEqual(["aws"]);
    expect(c.output).toEqual(synthesized.output);
  });

  test("exists only with a cloud backend, and refuses any other", () => {
    expect(organizationPlan(exampleConfig()).map((p) => p.name)).not.toContain("terraform-cloud");
    expect(() => new TerraformCloudStack(Testing.app(), "tfc", exampleConfig(), { stackNames: [] })).toThrow(
      "tfc: deployment.backend.type must be cloud for a Terraform Cloud stack (it is local)",
    );
  });

  test("synthesizes for the maximal fixture, a workspace for each of its stacks", () => {
    const maximal = loadConfigFile(path.join(__dirname, "..", "fixtures", "maximal.yaml"));
    const tfc = defineOrganization(Testing.app(), maximal).find((s) => s.node.id === "terraform-cloud")!;
    const json = synthStack(tfc) as any;
    expect(resourcesOf(json, "tfe_workspace")).toHaveLength(organizationPlan(maximal).length - 1);
  });
});
