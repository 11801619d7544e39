import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";
import { allowedStatements, IAM_POLICY_TYPES } from "./iam-policies";

const READ_VERBS = /^(Get|List|Describe|Head|BatchGet|Lookup|Search|Query|Scan|Select|Filter|View)/;

/** Whether an action (or pattern) can only read. */
export function isReadOnlyAction(action: string): boolean {
  const verb = action.split(":")[1] ?? "";
  return verb !== "" && !verb.startsWith("*") && READ_VERBS.test(verb);
}

export const iamNoUnconditionedWriteEverywhere: GuardrailRule = {
  id: "iam-no-unconditioned-write-everywhere",
  description:
    'An IAM policy never allows write actions on Resource "*" (or NotResource, or a wildcard-only ARN) without a condition.',
  fix: "Name the resources, or add a Condition that narrows the statement.",
  resourceTypes: IAM_POLICY_TYPES,
  evaluate(resource) {
    const statements = allowedStatements(resource);
    if (!statements) return nonCompliant("the policy cannot be analysed at synth time (a reference or function call)");
    if (statements.length === 0) return resource.type === "aws_iam_role" ? notApplicable : compliant;
    for (const s of statements) {
      if (s.conditioned || !s.resources.includes("*")) continue;
      const writes = s.actions.filter((a) => !isReadOnlyAction(a));
      if (writes.length > 0)
        return nonCompliant(`statement ${s.sid} allows ${writes.join(", ")} on "*" without a condition`);
    }
    return compliant;
  },
};
