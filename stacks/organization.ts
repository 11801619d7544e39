import type { Construct } from "constructs";
import type { OrganizationConfig } from "../config/schema";
import type { AccountStack } from "./account-stack";
import { LogArchiveStack } from "./log-archive-stack";
import { OrgTrailStack } from "./org-trail-stack";

/** Stack names, in deploy order. They name state files and Terraform Cloud workspaces. */
export const STACK_NAMES = { logArchive: "log-archive", orgTrail: "org-trail" } as const;

/**
 * Builds one stack per account role for a validated configuration, in deploy order:
 * log-archive first (the trail's delivery checks the bucket and key), then the trail.
 */
export function defineOrganization(scope: Construct, config: OrganizationConfig): AccountStack[] {
  return [
    new LogArchiveStack(scope, STACK_NAMES.logArchive, config),
    new OrgTrailStack(scope, STACK_NAMES.orgTrail, config),
  ];
}
