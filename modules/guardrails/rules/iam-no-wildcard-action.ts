import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";
import { allowedStatements, FULL_ACCESS_POLICIES, IAM_ATTACHMENT_TYPES, IAM_POLICY_TYPES } from "./iam-policies";

export const iamNoWildcardAction: GuardrailRule = {
  id: "iam-no-wildcard-action",
  description:
    'An IAM policy never allows Action "*" (nor everything but a few actions, with NotAction), and no full-access managed policy is attached.',
  fix: "List the actions the principal needs. Write policies as JSON so they can be checked, or suppress with a reason.",
  resourceTypes: [...IAM_POLICY_TYPES, ...IAM_ATTACHMENT_TYPES],
  evaluate(resource) {
    if (IAM_ATTACHMENT_TYPES.includes(resource.type)) {
      return FULL_ACCESS_POLICIES.includes(resource.config.policy_arn)
        ? nonCompliant(`attaches ${String(resource.config.policy_arn)}`)
        : compliant;
    }
    const statements = allowedStatements(resource);
    if (!statements) return nonCompliant("the policy cannot be analysed at synth time (a reference or function call)");
    if (statements.length === 0) return resource.type === "aws_iam_role" ? notApplicable : compliant;
    const bad = statements.find((s) => s.actions.some((a) => a === "*" || a === "*:*"));
    if (!bad) return compliant;
    return nonCompliant(
      bad.viaNotAction
        ? `statement ${bad.sid} allows every action but its NotAction`
        : `statement ${bad.sid} allows Action "*"`,
    );
  },
};
