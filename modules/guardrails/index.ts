import { Construct, type IConstruct } from "constructs";
import { TerraformResource, TerraformStack, type IAspect } from "cdktf";
import { StackView, type StackJson } from "./stack-view";
import type { GuardrailRule } from "./types";
import { BASELINE_RULES } from "./rules";
import { assertSameFramework } from "../framework";

export * from "./types";
export * from "./stack-view";
export * from "./rules";

/** A rule's finding on one resource. */
export interface GuardrailViolation {
  readonly ruleId: string;
  /** Terraform address, e.g. aws_s3_bucket.data_bucket_E5A8A9A6 */
  readonly address: string;
  /** Construct path, e.g. log-archive/cloudtrail-archive/bucket/bucket */
  readonly path: string;
  readonly reason: string;
  readonly fix: string;
}

export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

const suppressions = new WeakMap<IConstruct, Suppression[]>();

/**
 * Accepts a rule's finding on `scope` and everything below it. The reason is
 * required, and is what a reviewer reads to agree with the exception.
 *
 * @example
 * suppressGuardrail(flowLogsBucket, "s3-versioning", "Flow logs are re-creatable; versioning doubles their cost.");
 */
export function suppressGuardrail(scope: IConstruct, ruleId: string, reason: string): void {
  if (!BASELINE_RULES.some((r) => r.id === ruleId)) {
    throw new Error(`cannot suppress unknown guardrail "${ruleId}" on ${scope.node.path}`);
  }
  if (reason.trim().length < 10) {
    throw new Error(`a suppression of "${ruleId}" on ${scope.node.path} needs a reason (at least 10 characters)`);
  }
  suppressions.set(scope, [...(suppressions.get(scope) ?? []), { ruleId, reason: reason.trim() }]);
}

function suppressionFor(construct: IConstruct, ruleId: string): Suppression | undefined {
  for (const scope of construct.node.scopes) {
    const hit = suppressions.get(scope)?.find((s) => s.ruleId === ruleId);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Runs `rules` over every resource of a synthesized stack JSON. Pure: the stack's
 * constructs only supply suppressions (by address) and construct paths.
 */
export function evaluateGuardrails(
  json: StackJson,
  rules: readonly GuardrailRule[] = BASELINE_RULES,
  constructs: Map<string, IConstruct> = new Map(),
): GuardrailViolation[] {
  const view = new StackView(json);
  const violations: GuardrailViolation[] = [];
  for (const resource of view.resources) {
    const construct = constructs.get(resource.address);
    for (const rule of rules) {
      if (!rule.resourceTypes.includes(resource.type)) continue;
      const found = (reason: string, fix: string) =>
        violations.push({
          ruleId: rule.id,
          address: resource.address,
          path: construct?.node.path ?? resource.address,
          reason,
          fix,
        });
      let result;
      try {
        result = rule.evaluate(resource, view);
      } catch (e) {
        // A rule that cannot read a resource proves nothing about it: a finding that
        // no suppression hides, listed with every other finding of every stack.
        found(
          `the rule failed on this resource (${(e as Error).message}), so it is not known to comply`,
          `This is a bug in the rule or an unexpected resource shape: fix modules/guardrails/rules/${rule.id}.ts or the resource`,
        );
        continue;
      }
      if (result.status !== "non-compliant") continue;
      if (construct && suppressionFor(construct, rule.id)) continue;
      found(result.reason ?? rule.description, rule.fix);
    }
  }
  return violations;
}

/** The violations of one stack, with its constructs' suppressions applied. */
export function checkStack(
  stack: TerraformStack,
  rules: readonly GuardrailRule[] = BASELINE_RULES,
): GuardrailViolation[] {
  const constructs = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformResource) constructs.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    else assertSameFramework(c);
  }
  return evaluateGuardrails(stack.toTerraform() as StackJson, rules, constructs);
}

export function formatViolation(v: GuardrailViolation): string {
  return `[${v.ruleId}] ${v.address} (${v.path}): ${v.reason}. Fix: ${v.fix}`;
}

/** Thrown when stacks break guardrails; lists every violation. */
export class GuardrailError extends Error {
  constructor(readonly violations: GuardrailViolation[]) {
    super(
      `${violations.length} guardrail violation${violations.length === 1 ? "" : "s"}:\n` +
        violations.map((v) => `  - ${formatViolation(v)}`).join("\n") +
        `\nFix them, or accept one with suppressGuardrail(construct, ruleId, reason).`,
    );
    this.name = "GuardrailError";
  }
}

/** Checks every stack below `scope` and throws one error listing all violations. */
export function assertGuardrails(scope: Construct, rules: readonly GuardrailRule[] = BASELINE_RULES): void {
  const all = scope.node.findAll();
  all.forEach(assertSameFramework);
  const stacks = all.filter((c): c is TerraformStack => c instanceof TerraformStack);
  const violations = stacks.flatMap((s) => checkStack(s, rules));
  if (violations.length > 0) throw new GuardrailError(violations);
}

export interface GuardrailsProps {
  /**
   * The rules to apply.
   * @default BASELINE_RULES, the whole pack
   */
  readonly rules?: readonly GuardrailRule[];
}

/**
 * The rule pack as an Aspect: a stack it is added to fails synthesis on a violation,
 * naming the rule, the resource address and the fix. cdktf applies aspects from each
 * stack down, so add it to every stack (an aspect on the App is never invoked).
 *
 * @example
 * const app = new App();
 * const stack = new MyStack(app, "data");
 * Aspects.of(stack).add(new Guardrails());
 * assertGuardrails(app); // optional: check every stack before any is written
 * app.synth(); // throws on a bucket without Block Public Access, a trail without validation, ...
 */
export class Guardrails implements IAspect {
  readonly rules: readonly GuardrailRule[];
  private readonly visited = new WeakSet<TerraformStack>();

  constructor(props: GuardrailsProps = {}) {
    this.rules = props.rules ?? BASELINE_RULES;
  }

  visit(node: IConstruct): void {
    // A stack of another framework copy would otherwise pass unchecked.
    assertSameFramework(node);
    if (!(node instanceof TerraformStack) || this.visited.has(node)) return;
    this.visited.add(node);
    node.node.addValidation({
      validate: () => checkStack(node, this.rules).map(formatViolation),
    });
  }
}
