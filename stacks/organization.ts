import * as path from "node:path";
import type { Construct } from "constructs";
import type { App } from "cdktf";
import type { AccountConfig, OrganizationConfig } from "../config/schema";
import type { AccountStack } from "./account-stack";
import { declaredAccounts } from "../config/accounts";
import { AccountBaselineStack } from "./account-baseline-stack";
import { topology } from "../config/topology";
import { LogArchiveStack } from "./log-archive-stack";
import { OrgTrailStack } from "./org-trail-stack";
import { SecurityEventsStack } from "./security-events-stack";
import { AuditStack, hasAuditStack } from "./audit-stack";
import { synthesizeStacks, type StackPlan, type SynthesisOptions, type SynthesisReport } from "./synthesis";

/** Stack names, in deploy order. They name state files and Terraform Cloud workspaces. */
export const STACK_NAMES = {
  logArchive: "log-archive",
  orgTrail: "org-trail",
  securityEvents: "security-events",
  baseline: (accountName: string, region: string) => `baseline-${accountName}-${region}`,
  /** An account's baseline in every region, with `deployment.stackLayout: account`. */
  accountBaseline: (accountName: string) => `baseline-${accountName}`,
  audit: "audit",
  /** With `deployment.backend.type: cloud`: the workspaces, their credentials, the run role. */
  terraformCloud: "terraform-cloud",
} as const;

/**
 * The organization's stacks for a validated configuration, in deploy order, each
 * with the stacks it deploys after (so that `cdktf deploy` follows the order and
 * `manifest.json` records it):
 * - log-archive first: the trail's delivery checks the archive bucket and key;
 * - org-trail after log-archive;
 * - security-events (the central bus and responder) on its own;
 * - every baseline after log-archive (its access logs replicate into the archive,
 *   and the log-archive account's home region logs into that stack's bucket) and
 *   after security-events (its forwarding rule targets the bus, and its remediation
 *   role trusts the responder's role, which must exist when the trust is written).
 * - audit (AWS Config rules, Access Analyzer) last: after org-trail, which registers
 *   its account as delegated administrator, and after every baseline (recorders,
 *   and the forwarding rules its findings travel through).
 *
 * Nothing is built until a plan's `build` is called, so that synthesis can build,
 * write and drop one stack at a time.
 */
export function organizationPlan(config: OrganizationConfig): StackPlan<AccountStack>[] {
  const { logArchive, orgTrail, securityEvents, audit } = STACK_NAMES;
  const regions = topology(config).baselineRegions;
  const baseline = (name: string, account: AccountConfig, r: string | readonly string[]): StackPlan<AccountStack> => ({
    name,
    dependsOn: [logArchive, securityEvents],
    weight: typeof r === "string" ? 1 : r.length,
    build: (scope: Construct) => new AccountBaselineStack(scope, name, config, account, r),
  });
  const baselines = declaredAccounts(config).flatMap((account) =>
    config.deployment.stackLayout === "account"
      ? [baseline(STACK_NAMES.accountBaseline(account.name), account, regions)]
      : regions.map((region) => baseline(STACK_NAMES.baseline(account.name, region), account, region)),
  );
  const plans: StackPlan<AccountStack>[] = [
    { name: logArchive, dependsOn: [], build: (scope) => new LogArchiveStack(scope, logArchive, config) },
    { name: orgTrail, dependsOn: [logArchive], build: (scope) => new OrgTrailStack(scope, orgTrail, config) },
    {
      name: securityEvents,
      dependsOn: [],
      build: (scope) => new SecurityEventsStack(scope, securityEvents, config),
    },
    ...baselines,
    ...(hasAuditStack(config)
      ? [
          {
            name: audit,
            dependsOn: [orgTrail, ...baselines.map((b) => b.name)],
            build: (scope: Construct) => new AuditStack(scope, audit, config),
          },
        ]
      : []),
  ];
  if (config.deployment.backend.type !== "cloud") return plans;
  // Terraform Cloud: the stack that creates every other stack's workspace comes first,
  // when its provider (an optional peer dependency) is installed.
  const module = terraformCloudModule();
  if (!module) return plans;
  const { terraformCloud } = STACK_NAMES;
  const stackNames = plans.map((p) => p.name);
  return [
    {
      name: terraformCloud,
      dependsOn: [],
      build: (scope) => new module.TerraformCloudStack(scope, terraformCloud, config, { stackNames }),
    },
    ...plans.map((p) => ({ ...p, dependsOn: [terraformCloud, ...p.dependsOn] })),
  ];
}

/** What organizationPlan uses of ./terraform-cloud-stack (typed here: the CDK Terrain build has no such module). */
interface TerraformCloudModule {
  readonly TerraformCloudStack: new (
    scope: Construct,
    id: string,
    config: OrganizationConfig,
    props: { readonly stackNames: readonly string[] },
  ) => AccountStack;
}

let warnedTerraformCloud = false;

/**
 * The terraform-cloud stack's module, loaded only with a cloud backend so that
 * @cdktf/provider-tfe is needed only then; undefined, with a warning, when that
 * provider is not installed (CDK Terrain publishes none yet).
 */
function terraformCloudModule(): TerraformCloudModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./terraform-cloud-stack") as TerraformCloudModule;
  } catch (e) {
    // The CDK Terrain build has no terraform-cloud-stack module at all.
    const missing =
      (e as { code?: string }).code === "MODULE_NOT_FOUND" &&
      /provider-tfe|terraform-cloud-stack/.test((e as Error).message);
    if (!missing) throw e;
    if (!warnedTerraformCloud) {
      warnedTerraformCloud = true;
      console.warn(
        "s3-audit-baseline: no terraform-cloud stack: @cdktf/provider-tfe is not installed. " +
          "Install it to have the workspaces, their credentials and the run role created (see the README).",
      );
    }
    return undefined;
  }
}

/**
 * Builds every stack of the organization at once, with its dependencies declared
 * between the stack objects: for tests, and for a consumer that adds its own
 * constructs before synthesis. Every stack carries the guardrails.
 */
export function defineOrganization(scope: Construct, config: OrganizationConfig): AccountStack[] {
  const built = new Map<string, AccountStack>();
  for (const plan of organizationPlan(config)) {
    const stack = plan.build(scope);
    for (const dependency of plan.dependsOn) stack.addDependency(built.get(dependency)!);
    built.set(plan.name, stack);
  }
  return [...built.values()];
}

/** The worker module that rebuilds the plan from the configuration. */
const WORKER = path.join(__dirname, `organization-worker${path.extname(__filename)}`);

/**
 * Synthesizes the organization into `app`'s output folder: checks every guardrail on
 * every stack, and only then writes them. A violation in any stack leaves the output
 * folder untouched. Stacks are built, checked and staged one at a time, in worker
 * processes when there are many (see SynthesisOptions), so memory does not grow with
 * the organization; stacks already in `app` are synthesized too.
 * @throws GuardrailError listing every violation
 */
export function synthesizeOrganization(
  app: App,
  config: OrganizationConfig,
  options: SynthesisOptions = {},
): Promise<SynthesisReport> {
  return synthesizeStacks(app, organizationPlan(config), { ...options, processes: { module: WORKER, data: config } });
}
