import { assumptionsWith } from "../../cost/assumptions";
import { estimate, SERVICES } from "../../cost/estimate";
import { inventory } from "../../cost/inventory";
import { PRICES } from "../../cost/prices";
import { renderReport } from "../../cost/report";
import { organizationStackJsons } from "../../cost/synthesize";
import { exampleConfig } from "../helpers";

describe("the estimate of the example organization, end to end", () => {
  const config = exampleConfig();
  const assumptions = assumptionsWith();
  let inv: ReturnType<typeof inventory>;
  let result: ReturnType<typeof estimate>;
  beforeAll(async () => {
    inv = inventory(await organizationStackJsons(config));
    result = estimate(inv, assumptions);
  });

  test("every service has a table with lines, in order", () => {
    expect(result.services.map((s) => s.service)).toEqual([...SERVICES]);
    for (const s of result.services) expect([s.service, s.lines.length > 0]).toEqual([s.service, true]);
  });

  test("the total is the sum of the tables, each table the sum of its lines", () => {
    for (const s of result.services) {
      expect(s.total).toBeCloseTo(
        s.lines.reduce((t, l) => t + l.amount, 0),
        10,
      );
      for (const l of s.lines) expect([l.id, Number.isFinite(l.amount) && l.amount >= 0]).toEqual([l.id, true]);
    }
    expect(result.total).toBeCloseTo(
      result.services.reduce((t, s) => t + s.total, 0),
      10,
    );
    expect(result.total).toBeGreaterThan(0);
  });

  test("every line names a price that carries its unit, Region and source", () => {
    for (const l of result.services.flatMap((s) => s.lines)) {
      const price = PRICES.prices[l.priceId];
      expect([
        l.priceId,
        price.region,
        price.source.startsWith("https://aws.amazon.com/"),
        price.unit.length > 0,
      ]).toEqual([l.priceId, "us-east-1", true, true]);
      if (price.status !== "official")
        expect([l.priceId, Boolean(price.readFrom || price.note)]).toEqual([l.priceId, true]);
    }
    expect(PRICES.readOn).toBe("2026-11-24");
  });

  test("the report prints the assumptions, the price date, every table and the total", () => {
    const text = renderReport(result, inv, assumptions, {
      configFile: "config/organization.yaml",
      organizationName: config.organization.name,
      overridden: new Set(),
    });
    expect(text).toContain("read on 2026-11-24");
    expect(text).toContain("managementEventsPerAccount");
    for (const s of result.services) expect(text).toMatch(new RegExp(`^${s.service}: <?\\$`, "m"));
    expect(text).toMatch(/^Total: \$[\d,]+\.\d\d per month$/m);
  });
});
