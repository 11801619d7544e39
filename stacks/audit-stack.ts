import type { Construct } from "constructs";
import type { OrganizationConfig } from "../config/schema";
import { OrganizationAccessAnalyzer } from "../modules/access-analyzer";
import { OrganizationConformancePack } from "../modules/config-rules";
import { AccountStack } from "./account-stack";
import { topology } from "../config/topology";

/** The AWS provider versions the audit stack accepts (the others pin the bindings' 6.25.0). */
export const AUDIT_PROVIDER_VERSION = ">= 6.39.0";

/** Whether the configuration deploys the audit stack at all. */
export function hasAuditStack(config: OrganizationConfig): boolean {
  return config.audit.config.enabled || config.audit.accessAnalyzer.enabled;
}

/**
 * The organization's AWS Config rules and IAM Access Analyzer, `audit`: in the
 * security account (else the trail's), as the delegated administrator the org-trail
 * stack registers, one conformance pack and one organization analyzer per governed
 * region (each through a provider for that region). Deployed after every baseline:
 * a conformance pack fails where an account does not record yet, and the findings
 * travel through the baselines' forwarding rules.
 */
export class AuditStack extends AccountStack {
  readonly conformancePacks: OrganizationConformancePack[] = [];
  readonly analyzers: OrganizationAccessAnalyzer[] = [];

  constructor(scope: Construct, id: string, config: OrganizationConfig) {
    // The security-event bus's account administers the audit services for the organization.
    const { securityEventsAccountId: accountId, homeRegion: home, governedRegions } = topology(config);
    super(scope, id, { config, accountId, region: home });
    // Before 6.39.0 the provider waits out its timeout when a delegated administrator
    // creates an organization conformance pack (the organization's status stays
    // CREATE_IN_PROGRESS there); 6.39.0 reads the accounts' statuses instead.
    this.addOverride("terraform.required_providers.aws.version", AUDIT_PROVIDER_VERSION);
    for (const region of governedRegions) {
      const provider = region === home ? this.provider : this.awsProvider(region, accountId, region);
      if (config.audit.config.enabled) {
        this.conformancePacks.push(
          new OrganizationConformancePack(this, `conformance-pack-${region}`, {
            packName: this.names.conformancePack(),
            namePrefix: config.organization.name,
            includeAccountRules: region === home,
            excludedAccounts: config.audit.config.excludedAccounts,
            provider,
          }),
        );
      }
      if (config.audit.accessAnalyzer.enabled) {
        this.analyzers.push(
          new OrganizationAccessAnalyzer(this, `access-analyzer-${region}`, {
            analyzerName: this.names.accessAnalyzer(),
            trustedPrincipals: config.audit.accessAnalyzer.trustedPrincipals,
            provider,
          }),
        );
      }
    }
  }
}
