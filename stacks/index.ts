// `s3-audit-baseline/stacks`: the organization's stacks and the plumbing under them,
// for a repository that composes its own organization from a validated configuration
// (see `s3-audit-baseline/config`).
export { AccountStack, PROJECT_TAG, deploymentRoleArn, type AccountStackProps } from "./account-stack";
export { AccountBaselineStack, RegionBaseline } from "./account-baseline-stack";
export { AuditStack, hasAuditStack } from "./audit-stack";
export { LogArchiveStack } from "./log-archive-stack";
export { OrgTrailStack, lookupArchiveKey } from "./org-trail-stack";
export { SecurityEventsStack } from "./security-events-stack";
export { STACK_NAMES, defineOrganization, organizationPlan, synthesizeOrganization } from "./organization";
export {
  serveSynthesisWorker,
  synthesizeStacks,
  type StackPlan,
  type SynthesisOptions,
  type SynthesisReport,
  type SynthesisWorkers,
} from "./synthesis";
