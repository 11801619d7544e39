import { asList } from "../stack-view";
import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";
import { IAM_POLICY_TYPES, iamStatements } from "./iam-policies";

export const iamNoWildcardAction: GuardrailRule = {
  id: "iam-no-wildcard-action",
  description: 'An IAM policy never allows Action "*".',
  fix: "List the actions the principal needs.",
  resourceTypes: IAM_POLICY_TYPES,
  evaluate(resource) {
    const statements = iamStatements(resource);
    if (statements.length === 0) return notApplicable;
    const bad = statements.filter(
      (s) => s.Effect === "Allow" && asList(s.Action).some((a) => a === "*" || a === "*:*"),
    );
    return bad.length === 0 ? compliant : nonCompliant(`statement ${bad[0].Sid ?? "(no Sid)"} allows Action "*"`);
  },
};
