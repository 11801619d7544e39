import type { Construct } from "constructs";
import type { AccountConfig, OrganizationConfig } from "../config/schema";
import { DETECTIONS } from "../modules/detections";
import { SecurityEventForwarding } from "../modules/security-events";
import { AccountStack } from "./account-stack";
import { securityEventsAccountId } from "./security-events-stack";

/**
 * Regions where an account forwards security events: every governed region, and
 * us-east-1, where events of global services are delivered.
 */
export function forwardingRegions(config: OrganizationConfig): string[] {
  return [...new Set([...config.organization.regions, "us-east-1"])];
}

/** The baseline of one account in one region: `baseline-<account>-<region>`. */
export class AccountBaselineStack extends AccountStack {
  readonly forwarding: SecurityEventForwarding;

  constructor(scope: Construct, id: string, config: OrganizationConfig, account: AccountConfig, region: string) {
    super(scope, id, { config, accountId: account.id, region });
    this.forwarding = new SecurityEventForwarding(this, "security-event-forwarding", {
      centralBusArn: this.names.securityEventBusArn(config.organization.homeRegion, securityEventsAccountId(config)),
      detections: DETECTIONS,
      ruleName: this.names.securityEventForwardingRule(),
      roleName: this.names.securityEventForwardingRole(region),
    });
  }
}
