import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { DataTfeProject } from "@cdktf/provider-tfe/lib/data-tfe-project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { VariableSet } from "@cdktf/provider-tfe/lib/variable-set";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceVariableSet } from "@cdktf/provider-tfe/lib/workspace-variable-set";
import type { OrganizationConfig } from "../config/schema";
import { topology } from "../config/topology";
import { policyDocument } from "../modules/iam";
import { AccountStack, PROJECT_TAG, workspaceName } from "./account-stack";

/** Terraform Cloud's default host. */
export const TERRAFORM_CLOUD_HOST = "app.terraform.io";
/** The audience Terraform Cloud's workload identity tokens carry for AWS. */
export const TERRAFORM_CLOUD_AWS_AUDIENCE = "aws.workload.identity";
/** The project a workspace lands in when none is configured. */
export const DEFAULT_TERRAFORM_CLOUD_PROJECT = "Default Project";

export interface TerraformCloudStackProps {
  /** The stacks that get a workspace, by name (the organization's, in deploy order). */
  readonly stackNames: readonly string[];
}

/**
 * Terraform Cloud from zero, for `deployment.backend.type: cloud`: in the configured
 * Terraform Cloud organization, one CLI-driven workspace per stack, named as each
 * stack's `cloud` block names it, in the configured project; a variable set with
 * dynamic provider credentials (`TFC_AWS_PROVIDER_AUTH`, `TFC_AWS_RUN_ROLE_ARN`)
 * attached to exactly those workspaces. In the management account: the OIDC identity
 * provider for the Terraform Cloud host, and the run role those workspaces assume,
 * which may in turn assume the deployment roles of the organization's accounts (and
 * nothing else).
 *
 * The run role trusts the workspaces by name pattern (`<workspacePrefix>*` in the
 * project), not by a list: a trust policy holds 2,048 characters by default, and an
 * organization of a thousand accounts has thousands of workspaces. The deployment
 * roles it may assume are named (`deployment.roleName` and any account's own) and
 * scoped to the organization with `aws:ResourceOrgID`.
 *
 * Its own state is local (`terraform.terraform-cloud.tfstate` at the project root):
 * it creates the workspaces the other stacks keep their state in. Apply it first,
 * with a Terraform Cloud token in `TFE_TOKEN` and credentials for the management
 * account, as `cdktf deploy terraform-cloud`.
 *
 * @example
 * const config = loadConfigFile("organization.yaml"); // backend: { type: cloud, ... }
 * const names = organizationPlan(config).map((p) => p.name);
 * new TerraformCloudStack(app, "terraform-cloud", config, { stackNames: names });
 */
export class TerraformCloudStack extends AccountStack {
  readonly workspaces: Workspace[];
  readonly runRole: IamRole;
  readonly identityProvider: IamOpenidConnectProvider;
  readonly variableSet: VariableSet;

  constructor(scope: Construct, id: string, config: OrganizationConfig, props: TerraformCloudStackProps) {
    const backend = config.deployment.backend;
    if (backend.type !== "cloud") {
      throw new Error(
        `${id}: deployment.backend.type must be cloud for a Terraform Cloud stack (it is ${backend.type})`,
      );
    }
    const { managementAccountId, homeRegion } = topology(config);
    super(scope, id, { config, accountId: managementAccountId, region: homeRegion, localState: true });
    const host = backend.hostname ?? TERRAFORM_CLOUD_HOST;
    const projectName = backend.project ?? DEFAULT_TERRAFORM_CLOUD_PROJECT;

    new TfeProvider(this, "tfe", { hostname: host, organization: backend.organization });
    const project = backend.project
      ? new DataTfeProject(this, "project", { name: backend.project, organization: backend.organization })
      : undefined;

    this.identityProvider = new IamOpenidConnectProvider(this, "oidc-provider", {
      url: `https://${host}`,
      clientIdList: [TERRAFORM_CLOUD_AWS_AUDIENCE],
    });

    // The subject of a run's token: organization:<org>:project:<project>:workspace:<name>:run_phase:<phase>.
    const subject = `organization:${backend.organization}:project:${projectName}:workspace:${backend.workspacePrefix}*:run_phase:*`;
    this.runRole = new IamRole(this, "run-role", {
      name: this.names.terraformCloudRunRole(),
      description: `Terraform Cloud runs of the ${PROJECT_TAG} workspaces`,
      assumeRolePolicy: policyDocument([
        {
          Sid: "TerraformCloudWorkspaces",
          Effect: "Allow",
          Principal: { Federated: this.identityProvider.arn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${host}:aud`]: TERRAFORM_CLOUD_AWS_AUDIENCE },
            StringLike: { [`${host}:sub`]: subject },
          },
        },
      ]),
    });
    new IamRolePolicy(this, "run-role-policy", {
      role: this.runRole.name,
      name: "assume-deployment-roles",
      policy: policyDocument([
        {
          Sid: "DeploymentRolesOfTheOrganization",
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Resource: this.topology.deploymentRoleNames.map((r) => `arn:aws:iam::*:role/${r}`),
          Condition: { StringEquals: { "aws:ResourceOrgID": config.organization.id } },
        },
      ]),
    });

    this.variableSet = new VariableSet(this, "aws-credentials", {
      name: this.names.terraformCloudVariableSet(),
      description: `Dynamic AWS credentials for the ${PROJECT_TAG} workspaces: the run role, assumed per run`,
      organization: backend.organization,
    });
    const credential = (key: string, value: string) =>
      new Variable(this, key.toLowerCase(), { key, value, category: "env", variableSetId: this.variableSet.id });
    credential("TFC_AWS_PROVIDER_AUTH", "true");
    credential("TFC_AWS_RUN_ROLE_ARN", this.runRole.arn);

    this.workspaces = props.stackNames.map((stack) => {
      const workspace = new Workspace(this, `workspace-${stack}`, {
        name: workspaceName(backend, stack),
        organization: backend.organization,
        projectId: project?.id,
        description: `${PROJECT_TAG} stack ${stack} (CLI-driven: cdktf.out/stacks/${stack})`,
        queueAllRuns: false,
        tags: { "managed-by": PROJECT_TAG, stack },
      });
      new WorkspaceVariableSet(this, `credentials-${stack}`, {
        workspaceId: workspace.id,
        variableSetId: this.variableSet.id,
      });
      return workspace;
    });

    new TerraformOutput(this, "run-role-arn", { value: this.runRole.arn });
  }
}
