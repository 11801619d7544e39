/**
 * A generated organization of 1,000 member accounts (4 regions, 3 buckets each)
 * synthesizes with every guardrail, and stays inside AWS's limits: the size rules of
 * the guardrails (policy documents, event patterns) pass on every stack, nothing that
 * AWS bounds grows with the number of accounts except what is measured here against
 * its own limit, and the trail's selectors stay within CloudTrail's 500 values.
 * Compared with a 10-account organization of the same shape.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { loadConfigFile } from "../../config/load";
import { POLICY_SIZE_LIMITS, policySize } from "../../modules/guardrails/rules/policy-size-limits";
import { GLUE_PARAMETER_VALUE_LIMIT } from "../../modules/log-analytics/tables";
import { MAX_ADVANCED_SELECTOR_VALUES } from "../../modules/organization-trail/event-selectors";
import { synthesizeOrganization } from "../../stacks/organization";
import { syntheticOrganizationYaml } from "../../scripts/synthetic-organization";

/** Athena's limit on a named query's text (CreateNamedQuery, QueryString). */
const ATHENA_QUERY_STRING_LIMIT = 262_144;

type StackJson = { resource?: Record<string, Record<string, Record<string, unknown>>> };

async function synthesize(members: number): Promise<Map<string, StackJson>> {
  const dir = mkdtempSync(path.join(tmpdir(), `limits-${members}-`));
  const file = path.join(dir, "organization.yaml");
  writeFileSync(file, syntheticOrganizationYaml({ members }));
  const outdir = path.join(dir, "out");
  // Throws GuardrailError if any stack breaks a guardrail, the size rules included.
  await synthesizeOrganization(new App({ outdir }), loadConfigFile(file));
  const stacks = new Map<string, StackJson>();
  for (const name of readdirSync(path.join(outdir, "stacks"))) {
    stacks.set(name, JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")));
  }
  return stacks;
}

/** The longest value of each `type.attribute` across all stacks, serialized. */
function longest(stacks: Map<string, StackJson>): Map<string, number> {
  const out = new Map<string, number>();
  for (const json of stacks.values()) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const config of Object.values(byName)) {
        for (const [attribute, value] of Object.entries(config)) {
          if (attribute === "//") continue;
          const key = `${type}.${attribute}`;
          const length = typeof value === "string" ? value.length : JSON.stringify(value).length;
          out.set(key, Math.max(out.get(key) ?? 0, length));
        }
      }
    }
  }
  return out;
}

/** Values in every condition of a trail's advanced selectors, as CloudTrail counts them. */
function selectorValues(trail: Record<string, unknown>): number {
  const operators = ["equals", "not_equals", "starts_with", "not_starts_with", "ends_with", "not_ends_with"];
  let n = 0;
  for (const selector of trail.advanced_event_selector as { field_selector: Record<string, unknown[]>[] }[]) {
    for (const field of selector.field_selector) for (const op of operators) n += field[op]?.length ?? 0;
  }
  return n;
}

describe("a 1,000-account organization", () => {
  let large: Map<string, StackJson>;
  let small: Map<string, StackJson>;
  beforeAll(async () => {
    small = await synthesize(10);
    large = await synthesize(1000);
  }, 900_000);

  test("synthesizes every stack: 4 per account (3 governed regions and us-east-1) and the 4 central ones", () => {
    expect(large.size).toBe(1003 * 4 + 4);
  });

  test("every policy document AWS bounds stays within its limit", () => {
    const rows: string[] = [];
    for (const limit of POLICY_SIZE_LIMITS) {
      let max = 0;
      for (const json of large.values()) {
        // Per document, or summed over the documents that share a limit (a role's inline policies).
        const sizes = new Map<unknown, number>();
        Object.values(json.resource?.[limit.resourceType] ?? {}).forEach((config, i) => {
          const key = limit.sharedBy ? config[limit.sharedBy] : i;
          sizes.set(key, (sizes.get(key) ?? 0) + (policySize(config[limit.attribute]) ?? 0));
        });
        max = Math.max(max, ...sizes.values());
      }
      rows.push(`${limit.what} (${limit.resourceType}): largest ${max} of ${limit.limit}`);
      expect([limit.resourceType, limit.attribute, max <= limit.limit]).toEqual([
        limit.resourceType,
        limit.attribute,
        true,
      ]);
    }
    console.log(`Policy sizes at 1,000 accounts:\n  ${rows.join("\n  ")}`);
  });

  test("nothing grows with the accounts but the Athena account lists, and they fit beyond 10,000 accounts", () => {
    const [before, after] = [longest(small), longest(large)];
    const grown = [...after].filter(([key, n]) => n > (before.get(key) ?? 0)).map(([key]) => key);
    // Partition projection enumerates the accounts (the log prefixes Athena may read),
    // and two named queries tell the organization's accounts from outsiders by list.
    expect(grown.sort()).toEqual(["aws_athena_named_query.query", "aws_glue_catalog_table.parameters"]);
    const perAccount = (key: string) => (after.get(key)! - before.get(key)!) / 990;
    const fits = (key: string, limit: number) => Math.floor((limit - after.get(key)!) / perAccount(key)) + 1000;
    const queryAccounts = fits("aws_athena_named_query.query", ATHENA_QUERY_STRING_LIMIT);
    // The table's parameters are measured whole; the enumeration is one parameter of them.
    const tableAccounts = fits("aws_glue_catalog_table.parameters", GLUE_PARAMETER_VALUE_LIMIT);
    console.log(
      `Grows with accounts: named query text ${perAccount("aws_athena_named_query.query").toFixed(1)} characters per account, ` +
        `full at about ${queryAccounts} accounts; projected account list ` +
        `${perAccount("aws_glue_catalog_table.parameters").toFixed(1)} per account, full at about ${tableAccounts}.`,
    );
    expect(queryAccounts).toBeGreaterThan(10_000);
    expect(tableAccounts).toBeGreaterThan(10_000);
  });

  test("the trail's advanced event selectors stay within CloudTrail's 500 values, as few as with 10 accounts", () => {
    const trail = (stacks: Map<string, StackJson>) =>
      Object.values(stacks.get("org-trail")!.resource!.aws_cloudtrail)[0] as Record<string, unknown>;
    expect(selectorValues(trail(large))).toBeLessThanOrEqual(MAX_ADVANCED_SELECTOR_VALUES);
    expect(selectorValues(trail(large))).toBe(selectorValues(trail(small)));
  });
});
