import { Testing } from "cdktf";
import { OrganizationAccessAnalyzer } from "../../modules/access-analyzer";
import { resourcesOf } from "../helpers";

describe("OrganizationAccessAnalyzer", () => {
  test("an organization analyzer, with the trusted outside principals archived (as in its doc comment)", () => {
    const out = Testing.synthScope((s) => {
      new OrganizationAccessAnalyzer(s, "access-analyzer-eu-west-1", {
        analyzerName: "example-organization",
        trustedPrincipals: ["999988887777"],
      });
    });
    expect(resourcesOf(out, "aws_accessanalyzer_analyzer")).toEqual([
      expect.objectContaining({ analyzer_name: "example-organization", type: "ORGANIZATION" }),
    ]);
    const [rule] = resourcesOf(out, "aws_accessanalyzer_archive_rule");
    expect(rule.rule_name).toBe("trusted-principals-1");
    expect(rule.analyzer_name).toMatch(/^\$\{aws_accessanalyzer_analyzer\./);
    expect(rule.filter).toEqual([{ criteria: "principal.AWS", eq: ["999988887777"] }]);
  });

  test("without trusted principals, no archive rule: the organization is the zone of trust already", () => {
    const out = Testing.synthScope((s) => new OrganizationAccessAnalyzer(s, "a", { analyzerName: "x" }));
    expect(resourcesOf(out, "aws_accessanalyzer_archive_rule")).toEqual([]);
  });

  test("more principals than one criterion takes are split across rules of 20", () => {
    const principals = Array.from({ length: 45 }, (_, i) => String(900000000000 + i));
    const out = Testing.synthScope(
      (s) => new OrganizationAccessAnalyzer(s, "a", { analyzerName: "x", trustedPrincipals: principals }),
    );
    const rules = resourcesOf(out, "aws_accessanalyzer_archive_rule");
    expect(rules.map((r) => r.filter[0].eq.length)).toEqual([20, 20, 5]);
    expect(rules.flatMap((r) => r.filter[0].eq)).toEqual(principals);
  });
});
