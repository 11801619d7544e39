import type { Construct, IConstruct } from "constructs";

/** The account and region a construct deploys into. */
export interface AwsEnvironment {
  /** The 12-digit account id. */
  readonly accountId: string;
  /** The region, for example `eu-west-1`. */
  readonly region: string;
}

// Kept beside the tree rather than in construct context, which cannot be set on a
// scope that already has children.
const environments = new WeakMap<IConstruct, Partial<AwsEnvironment>>();

/**
 * Declares the account and region of every construct below `scope` that does not
 * name its own: a stack's default provider, or a construct grouping one region's
 * resources under an aliased provider. `AccountStack` calls it for its own account
 * and region. A nearer scope wins, field by field.
 *
 * @example
 * const stack = new TerraformStack(app, "logs");
 * new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["222222222222"] });
 * setEnvironment(stack, { accountId: "222222222222", region: "eu-west-1" });
 * new AccessLogBucket(stack, "access-logs", { bucketName: "acme-access-logs-222222222222-eu-west-1" });
 */
export function setEnvironment(scope: Construct, environment: Partial<AwsEnvironment>): void {
  environments.set(scope, { ...environments.get(scope), ...environment });
}

/**
 * The account and region of `scope`: the fields of `own` (a construct's props) where
 * given, else those of the nearest enclosing scope that declared them. Throws, naming
 * the construct and the field, when neither says.
 */
export function environmentOf(scope: IConstruct, own: Partial<AwsEnvironment> = {}): AwsEnvironment {
  return { accountId: accountOf(scope, own.accountId), region: regionOf(scope, own.region) };
}

/** The account of `scope`, for constructs that need no region (see `environmentOf`). */
export function accountOf(scope: IConstruct, own?: string): string {
  return own ?? declared(scope, "accountId");
}

/** The region of `scope` (see `environmentOf`). */
export function regionOf(scope: IConstruct, own?: string): string {
  return own ?? declared(scope, "region");
}

function declared(scope: IConstruct, field: keyof AwsEnvironment): string {
  for (const s of [...scope.node.scopes].reverse()) {
    const value = environments.get(s)?.[field];
    if (value) return value;
  }
  throw new Error(
    `${scope.node.path}: ${field} is not set: pass it in the props, or create the construct ` +
      `inside an AccountStack or a scope given setEnvironment()`,
  );
}
