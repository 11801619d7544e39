import { asList } from "../stack-view";
import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";
import { IAM_POLICY_TYPES, iamStatements } from "./iam-policies";

const READ_VERBS = /^(Get|List|Describe|Head|BatchGet|Lookup|Search|Query|Scan|Select|Filter|View)/;

/** Whether an action (or pattern) can only read. */
export function isReadOnlyAction(action: string): boolean {
  const verb = action.split(":")[1] ?? "";
  return verb !== "" && !verb.startsWith("*") && READ_VERBS.test(verb);
}

export const iamNoUnconditionedWriteEverywhere: GuardrailRule = {
  id: "iam-no-unconditioned-write-everywhere",
  description: 'An IAM policy never allows write actions on Resource "*" without a condition.',
  fix: "Name the resources, or add a Condition that narrows the statement.",
  resourceTypes: IAM_POLICY_TYPES,
  evaluate(resource) {
    const statements = iamStatements(resource);
    if (statements.length === 0) return notApplicable;
    for (const s of statements) {
      if (s.Effect !== "Allow" || s.Condition) continue;
      if (!asList(s.Resource).includes("*")) continue;
      const writes = asList(s.Action).filter((a) => !isReadOnlyAction(a));
      if (writes.length > 0) {
        return nonCompliant(`statement ${s.Sid ?? "(no Sid)"} allows ${writes.join(", ")} on "*" without a condition`);
      }
    }
    return compliant;
  },
};
