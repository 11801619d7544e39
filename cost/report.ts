/** The estimate as text: assumptions, the deployment counted, one table per service, the total. */
import { ASSUMPTIONS, ASSUMPTION_NAMES, type Assumptions } from "./assumptions";
import type { Estimate } from "./estimate";
import type { BucketRole, Inventory } from "./inventory";
import { formatPrice, PRICES, type PriceList } from "./prices";

export interface ReportContext {
  /** The configuration file estimated. */
  readonly configFile: string;
  readonly organizationName: string;
  /** The assumptions file, if one overrides the defaults. */
  readonly assumptionsFile?: string;
  readonly overridden: ReadonlySet<string>;
}

export function formatQuantity(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(8, 2 - Math.floor(Math.log10(abs)));
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

export function formatUsd(n: number): string {
  if (n > 0 && n < 0.005) return "<$0.01";
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function table(rows: string[][], align: ("l" | "r")[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (align[i] === "r" ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

const ROLE_NAMES: Record<BucketRole, string> = {
  workload: "declared",
  "cloudtrail-archive": "CloudTrail archive",
  "access-logs": "access-log",
  "access-log-archive": "access-log archive",
  "config-history": "Config history",
  "athena-results": "Athena results",
};

/** What the stacks deploy, in one paragraph. */
export function describeInventory(inv: Inventory): string {
  const byRole = new Map<BucketRole, number>();
  for (const b of inv.buckets) byRole.set(b.role, (byRole.get(b.role) ?? 0) + 1);
  const roles = [...byRole].map(([role, n]) => `${n} ${ROLE_NAMES[role]}`).join(", ");
  const rules = inv.conformancePacks.reduce((s, p) => s + p.rules.length, 0);
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const parts = [
    n(inv.accounts.length, "account"),
    n(inv.accountRegions, "account-Region"),
    n(inv.trails.length, "trail"),
    `${n(inv.buckets.length, "bucket")} (${roles})`,
    n(inv.logGroups.length, "log group"),
    n(inv.metricFilters, "metric filter"),
    n(inv.alarms.length, "alarm"),
    n(inv.dashboards, "dashboard"),
    n(inv.contributorInsightsRules.length, "Contributor Insights rule"),
    n(inv.kmsKeys.length, "KMS key"),
    n(inv.functions.length, "Lambda function"),
    n(inv.queues.length, "SQS queue"),
    n(inv.tables.length, "DynamoDB table"),
    `${n(inv.forwardingRules.length, "forwarding rule")} to ${n(inv.eventBuses, "event bus", "event buses")}`,
    n(inv.recorders.length, "Config recorder"),
    `${n(inv.conformancePacks.length, "conformance pack")} (${n(rules, "rule")})`,
    n(inv.analyzers.length, "Access Analyzer analyzer"),
    n(inv.athenaWorkgroups.length, "Athena workgroup"),
  ];
  return `${inv.stacks} stacks: ${parts.join(", ")}.`;
}

export function renderReport(
  result: Estimate,
  inv: Inventory,
  assumptions: Assumptions,
  context: ReportContext,
  prices: PriceList = PRICES,
): string {
  const all = Object.values(prices.prices);
  const count = (status: string) => all.filter((p) => p.status === status).length;
  const out: string[] = [];
  out.push(`Monthly cost of the S3 audit baseline for "${context.organizationName}" (${context.configFile})`);
  out.push("");
  out.push(
    `Prices: ${prices.region} list prices in ${prices.currency}, read on ${prices.readOn} (cost/prices.json): ` +
      `${count("official")} from AWS pricing pages, ${count("third-party")} from third-party pages, ` +
      `${count("not-found")} not found in stored pages (marked *).`,
  );
  out.push(
    "Steady state: archives and log groups hold all the days they keep, rotating keys have their paid rotations. " +
      "Before the Free Tier; workload buckets' own storage and requests are not included.",
  );
  out.push("");
  out.push(`Deployment, counted from the synthesized stacks: ${describeInventory(inv)}`);
  out.push("");
  out.push(
    context.assumptionsFile
      ? `Assumptions (defaults, with ${context.assumptionsFile} applied):`
      : "Assumptions (defaults; override with --assumptions <file>):",
  );
  out.push(
    ...table(
      ASSUMPTION_NAMES.map((name) => [
        `  ${name}`,
        formatQuantity(assumptions[name]),
        ASSUMPTIONS[name].unit,
        context.overridden.has(name) ? "(overridden)" : "",
      ]),
      ["l", "r", "l", "l"],
    ),
  );
  for (const service of result.services) {
    out.push("");
    out.push(`${service.service}: ${formatUsd(service.total)} per month`);
    const rows = [["  item", "price", "quantity", "amount"]];
    for (const line of service.lines) {
      const price = prices.prices[line.priceId];
      rows.push([
        `  ${line.item}`,
        formatPrice(price),
        `${formatQuantity(line.quantity)} ${price.unit}`,
        formatUsd(line.amount),
      ]);
    }
    if (service.lines.length === 0) rows.push(["  (nothing deployed)", "", "", "$0.00"]);
    out.push(...table(rows, ["l", "l", "r", "r"]));
  }
  out.push("");
  out.push(`Total: ${formatUsd(result.total)} per month`);
  out.push("");
  out.push(
    "* Price not found in any stored page: the last known list price, to check on the source in cost/prices.json.",
  );
  return out.join("\n");
}
