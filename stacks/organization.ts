import type { Construct } from "constructs";
import type { App } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { assertGuardrails } from "../modules/guardrails";
import type { AccountStack } from "./account-stack";
import { declaredAccounts } from "../config/accounts";
import { AccountBaselineStack, forwardingRegions } from "./account-baseline-stack";
import { LogArchiveStack } from "./log-archive-stack";
import { OrgTrailStack } from "./org-trail-stack";
import { SecurityEventsStack } from "./security-events-stack";

/** Stack names, in deploy order. They name state files and Terraform Cloud workspaces. */
export const STACK_NAMES = {
  logArchive: "log-archive",
  orgTrail: "org-trail",
  securityEvents: "security-events",
  baseline: (accountName: string, region: string) => `baseline-${accountName}-${region}`,
} as const;

/**
 * Builds the organization's stacks for a validated configuration, in deploy order:
 * log-archive (the trail's delivery checks the bucket and key), the trail with its
 * alarms, the central security-event bus, then one baseline per account and region
 * (its forwarding rules target the bus). Every stack carries the guardrails.
 */
export function defineOrganization(scope: Construct, config: OrganizationConfig): AccountStack[] {
  return [
    new LogArchiveStack(scope, STACK_NAMES.logArchive, config),
    new OrgTrailStack(scope, STACK_NAMES.orgTrail, config),
    new SecurityEventsStack(scope, STACK_NAMES.securityEvents, config),
    ...declaredAccounts(config).flatMap((account) =>
      forwardingRegions(config).map(
        (region) =>
          new AccountBaselineStack(scope, STACK_NAMES.baseline(account.name, region), config, account, region),
      ),
    ),
  ];
}

/**
 * Defines the organization's stacks, checks every guardrail on all of them, and only
 * then writes them: a violation in any stack leaves the output folder untouched.
 * @throws GuardrailError listing every violation
 */
export function synthesizeOrganization(app: App, config: OrganizationConfig): AccountStack[] {
  const stacks = defineOrganization(app, config);
  assertGuardrails(app);
  app.synth();
  return stacks;
}
