import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { AccessanalyzerArchiveRule } from "@cdktf/provider-aws/lib/accessanalyzer-archive-rule";

/** Values one archive-rule criterion may list (an IAM Access Analyzer limit). */
export const ARCHIVE_RULE_VALUES_LIMIT = 20;

export interface OrganizationAccessAnalyzerProps {
  readonly analyzerName: string;
  /**
   * Accounts or principal ARNs outside the organization whose access is expected
   * (a partner, a vendor): their findings are archived, not notified. The
   * organization's own accounts need no rule: they are the analyzer's zone of trust,
   * so no finding ever names them.
   * @default none
   */
  readonly trustedPrincipals?: readonly string[];
  /**
   * The provider of the account and region: the management account or the Access
   * Analyzer delegated administrator (`access-analyzer.amazonaws.com`).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An IAM Access Analyzer analyzer for the whole organization in one region
 * (analyzers are regional), with archive rules for the trusted outside principals.
 * Its findings reach the default bus of its own account and region.
 *
 * @example
 * new OrganizationAccessAnalyzer(this, "access-analyzer-eu-west-1", {
 *   analyzerName: "example-organization",
 *   trustedPrincipals: ["999988887777"],
 *   provider: euWest1,
 * });
 */
export class OrganizationAccessAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: OrganizationAccessAnalyzerProps) {
    super(scope, id);
    this.analyzer = new AccessanalyzerAnalyzer(this, "analyzer", {
      provider: props.provider,
      analyzerName: props.analyzerName,
      type: "ORGANIZATION",
    });
    const trusted = [...new Set(props.trustedPrincipals ?? [])];
    for (let i = 0; i * ARCHIVE_RULE_VALUES_LIMIT < trusted.length; i++) {
      new AccessanalyzerArchiveRule(this, `trusted-principals-${i + 1}`, {
        provider: props.provider,
        analyzerName: this.analyzer.analyzerName,
        ruleName: `trusted-principals-${i + 1}`,
        filter: [
          {
            criteria: "principal.AWS",
            eq: trusted.slice(i * ARCHIVE_RULE_VALUES_LIMIT, (i + 1) * ARCHIVE_RULE_VALUES_LIMIT),
          },
        ],
      });
    }
  }
}
