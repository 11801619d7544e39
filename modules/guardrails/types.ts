/** What a rule says about one resource. */
export type RuleStatus = "compliant" | "non-compliant" | "not-applicable";

export interface RuleResult {
  readonly status: RuleStatus;
  /** Why it is non-compliant, in a few words. */
  readonly reason?: string;
}

/** One resource of a synthesized stack, as Terraform JSON. */
export interface ResourceJson {
  readonly type: string;
  /** The resource's name within its type (cdktf's unique id). */
  readonly name: string;
  /** `type.name`, the Terraform address. */
  readonly address: string;
  // Terraform JSON is untyped by nature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly config: Record<string, any>;
}

/** A guardrail: a pure function of a resource (and the stack it sits in). */
export interface GuardrailRule {
  /** Stable id, used in messages and suppressions. */
  readonly id: string;
  /** What the rule requires. */
  readonly description: string;
  /** How to comply. */
  readonly fix: string;
  /** Terraform resource types the rule looks at; everything else is not applicable. */
  readonly resourceTypes: readonly string[];
  evaluate(resource: ResourceJson, stack: import("./stack-view").StackView): RuleResult;
}

export const compliant: RuleResult = { status: "compliant" };
export const notApplicable: RuleResult = { status: "not-applicable" };
export const nonCompliant = (reason: string): RuleResult => ({ status: "non-compliant", reason });
