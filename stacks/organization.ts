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
import { AuditStack, hasAuditStack } from "./audit-stack";

/** Stack names, in deploy order. They name state files and Terraform Cloud workspaces. */
export const STACK_NAMES = {
  logArchive: "log-archive",
  orgTrail: "org-trail",
  securityEvents: "security-events",
  baseline: (accountName: string, region: string) => `baseline-${accountName}-${region}`,
  audit: "audit",
} as const;

/**
 * Builds the organization's stacks for a validated configuration, and declares the
 * order they deploy in, so that `cdktf deploy` follows it and `manifest.json`
 * records it:
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
 * Every stack carries the guardrails.
 */
export function defineOrganization(scope: Construct, config: OrganizationConfig): AccountStack[] {
  const logArchive = new LogArchiveStack(scope, STACK_NAMES.logArchive, config);
  const trail = new OrgTrailStack(scope, STACK_NAMES.orgTrail, config);
  trail.addDependency(logArchive);
  const securityEvents = new SecurityEventsStack(scope, STACK_NAMES.securityEvents, config);
  const baselines = declaredAccounts(config).flatMap((account) =>
    forwardingRegions(config).map((region) => {
      const stack = new AccountBaselineStack(
        scope,
        STACK_NAMES.baseline(account.name, region),
        config,
        account,
        region,
      );
      stack.addDependency(logArchive);
      stack.addDependency(securityEvents);
      return stack;
    }),
  );
  const audit = hasAuditStack(config) ? [new AuditStack(scope, STACK_NAMES.audit, config)] : [];
  for (const a of audit) {
    a.addDependency(trail);
    baselines.forEach((b) => a.addDependency(b));
  }
  return [logArchive, trail, securityEvents, ...baselines, ...audit];
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
