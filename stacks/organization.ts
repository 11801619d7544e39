import type { Construct } from "constructs";
import type { App } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { assertGuardrails } from "../modules/guardrails";
import type { AccountStack } from "./account-stack";
import { LogArchiveStack } from "./log-archive-stack";
import { OrgTrailStack } from "./org-trail-stack";

/** Stack names, in deploy order. They name state files and Terraform Cloud workspaces. */
export const STACK_NAMES = { logArchive: "log-archive", orgTrail: "org-trail" } as const;

/**
 * Builds one stack per account role for a validated configuration, in deploy order:
 * log-archive first (the trail's delivery checks the bucket and key), then the trail.
 * Every stack carries the guardrail rule pack (see AccountStack).
 */
export function defineOrganization(scope: Construct, config: OrganizationConfig): AccountStack[] {
  return [
    new LogArchiveStack(scope, STACK_NAMES.logArchive, config),
    new OrgTrailStack(scope, STACK_NAMES.orgTrail, config),
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
