import { Construct } from "constructs";
import { Aspects, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { BackendConfig, OrganizationConfig } from "../config/schema";
import { topology, type Topology } from "../config/topology";
import { ResourceNames } from "../modules/naming";
import { Guardrails } from "../modules/guardrails";
import { setEnvironment } from "../modules/environment";

export interface AccountStackProps {
  readonly config: OrganizationConfig;
  /** The account this stack deploys into. */
  readonly accountId: string;
  /** The region of its default provider. */
  readonly region: string;
  /**
   * Keep this stack's state in a local file whatever `deployment.backend` says: for
   * the stack that creates the remote workspaces the others keep their state in.
   * @default false: the configured backend
   */
  readonly localState?: boolean;
}

export const PROJECT_TAG = "s3-audit-baseline";

/** The role ARN stacks assume in an account: its own `roleName`, else `deployment.roleName` (`Topology.deploymentRoleArn`). */
export function deploymentRoleArn(config: OrganizationConfig, accountId: string): string {
  return topology(config).deploymentRoleArn(accountId);
}

/**
 * A stack bound to one account and region: its AWS provider assumes the deployment
 * role there (and refuses any other account), tags everything, keeps its own state
 * in the configured backend, and fails synthesis on any guardrail violation.
 */
export class AccountStack extends TerraformStack {
  readonly config: OrganizationConfig;
  /** Where the organization's resources go: accounts and regions (`config/topology.ts`). */
  readonly topology: Topology;
  readonly accountId: string;
  readonly region: string;
  readonly names: ResourceNames;
  readonly provider: AwsProvider;

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id);
    this.config = props.config;
    this.topology = topology(props.config);
    this.accountId = props.accountId;
    this.region = props.region;
    this.names = new ResourceNames({ prefix: props.config.organization.name });
    this.provider = this.awsProvider("aws", props.accountId, props.region);
    // Constructs below take their account and region from here unless told otherwise.
    setEnvironment(this, { accountId: props.accountId, region: props.region });
    configureBackend(this, id, props.localState ? { type: "local" } : props.config.deployment.backend);
    Aspects.of(this).add(new Guardrails());
  }

  /** The Terraform JSON, declaring the oldest Terraform that can apply it. */
  override toTerraform(): ReturnType<TerraformStack["toTerraform"]> {
    const json = super.toTerraform() as { terraform?: object };
    json.terraform = { ...json.terraform, required_version: requiredTerraformVersion(json) };
    return json;
  }

  /** A provider for another account of the organization (aliased unless it is "aws"). */
  awsProvider(id: string, accountId: string, region: string): AwsProvider {
    return new AwsProvider(this, id, {
      alias: id === "aws" ? undefined : id,
      region,
      allowedAccountIds: [accountId],
      assumeRole: [
        {
          roleArn: this.topology.deploymentRoleArn(accountId),
          sessionName: `${PROJECT_TAG}-${this.node.id}`.slice(0, 64),
        },
      ],
      defaultTags: [
        {
          tags: {
            ManagedBy: PROJECT_TAG,
            BaselineOrganization: this.config.organization.name,
            BaselineStack: this.node.id,
          },
        },
      ],
    });
  }
}

interface StackFeatures {
  readonly import?: unknown;
  readonly removed?: unknown;
  readonly terraform?: { readonly backend?: { readonly s3?: { readonly use_lockfile?: boolean } } };
}

/**
 * The Terraform releases that brought what a stack's JSON may use, newest first. 1.5
 * is the floor: the oldest release with `import` blocks, which any stack gets once a
 * bucket is adopted.
 */
const TERRAFORM_FEATURES: readonly { readonly version: string; readonly uses: (json: StackFeatures) => boolean }[] = [
  { version: "1.10.0", uses: (json) => json.terraform?.backend?.s3?.use_lockfile === true },
  { version: "1.7.0", uses: (json) => json.removed !== undefined },
  { version: "1.5.0", uses: () => true },
];

/** `>= <version>` of the newest release whose feature a stack's Terraform JSON uses. */
export function requiredTerraformVersion(json: StackFeatures): string {
  return `>= ${TERRAFORM_FEATURES.find((f) => f.uses(json))!.version}`;
}

/** The Terraform Cloud workspace a stack keeps its state in (`workspacePrefix` + stack). */
export function workspaceName(backend: { readonly workspacePrefix: string }, stackName: string): string {
  return `${backend.workspacePrefix}${stackName}`;
}

function configureBackend(stack: TerraformStack, stackName: string, backend: BackendConfig): void {
  switch (backend.type) {
    case "local":
      // Relative to cdktf.out/stacks/<stack>, where Terraform runs: the project root,
      // outside the output folder that every synth rewrites.
      new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: `${backend.keyPrefix ? `${backend.keyPrefix}/` : ""}${stackName}.tfstate`,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
        assumeRole: backend.roleArn ? { roleArn: backend.roleArn, sessionName: `${PROJECT_TAG}-state` } : undefined,
      });
      // S3-native state locking (Terraform >= 1.10); not yet a typed S3Backend option.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(workspaceName(backend, stackName), backend.project),
      });
      return;
  }
}
