import {
  DETECTIONS,
  detection,
  eventBridgeEvent,
  matchesFilterPattern,
  parseFilterPattern,
  type CloudTrailRecord,
} from "../../../modules/detections";
import { routeThroughEventBridge } from "../../support/eventbridge";

const sampleCount = DETECTIONS.reduce((n, d) => n + d.samples.positive.length + d.samples.negative.length, 0);
const label = (r: CloudTrailRecord) =>
  `${r.eventName}${r.errorCode ? ` (${r.errorCode})` : ""} by ${String(r.userIdentity.type)} from ${r.sourceIPAddress}`;

describe("the detection catalog", () => {
  test("ids are unique and every entry is complete", () => {
    const ids = DETECTIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DETECTIONS) {
      expect([d.id, d.samples.positive.length > 0, d.samples.negative.length > 0]).toEqual([d.id, true, true]);
      expect([d.id, d.runbook.contain.length > 0, d.runbook.recover.length > 0]).toEqual([d.id, true, true]);
      expect(d.id).toMatch(/^[a-z0-9.-]+$/);
    }
  });

  test("covers CIS AWS Foundations v5 monitoring controls 4.1 to 4.15, once each", () => {
    const cis = DETECTIONS.filter((d) => d.cis).map((d) => d.cis);
    expect(cis).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
  });

  test("patterns also satisfy Prowler's checks", () => {
    expect(detection("cis-4.13-route-table-changes").filterPattern).toContain('($.eventSource = "ec2.amazonaws.com")');
    for (const e of ["CancelHandshake", "CreateOrganization", "EnableAllFeatures"]) {
      expect(detection("cis-4.15-organizations-changes").filterPattern).toContain(`($.eventName = "${e}")`);
    }
    expect(detection("cis-4.10-security-group-changes").filterPattern).toContain(
      '($.eventName = "ModifySecurityGroupRules")',
    );
  });

  test("the 4.1 precedence trap: without the inner parentheses a log-delivery refusal fires", () => {
    const trap =
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }';
    const d = detection("cis-4.1-unauthorized-api-calls");
    const delivery = d.samples.negative.find(
      (r) => r.sourceIPAddress === "delivery.logs.amazonaws.com" && r.errorCode?.includes("Unauthorized"),
    )!;
    expect(matchesFilterPattern(trap, delivery)).toBe(true);
    expect(matchesFilterPattern(d.filterPattern, delivery)).toBe(false);
  });

  describe.each(DETECTIONS.map((d) => [d.id, d] as const))("%s", (_id, d) => {
    test("its filter pattern parses", () => {
      expect(() => parseFilterPattern(d.filterPattern)).not.toThrow();
    });

    test("its filter pattern matches every positive sample and no negative one", () => {
      // As CloudWatch Logs sees them: one JSON record per log event.
      const missed = d.samples.positive
        .filter((r) => !matchesFilterPattern(d.filterPattern, JSON.stringify(r)))
        .map(label);
      const falseAlarms = d.samples.negative
        .filter((r) => matchesFilterPattern(d.filterPattern, JSON.stringify(r)))
        .map(label);
      expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
    });

    if (d.eventPattern) {
      test("its EventBridge pattern routes every positive sample and no negative one (moto)", async () => {
        const samples = [...d.samples.positive, ...d.samples.negative];
        const routed = await routeThroughEventBridge(d.eventPattern!, samples.map(eventBridgeEvent));
        const expected = samples.map((_, i) => i < d.samples.positive.length);
        expect(routed.map((r, i) => `${r ? "routed" : "ignored"}: ${label(samples[i])}`)).toEqual(
          expected.map((e, i) => `${e ? "routed" : "ignored"}: ${label(samples[i])}`),
        );
      });
    }
  });

  test(`evaluates ${sampleCount} sample records`, () => {
    console.log(
      `detections: ${DETECTIONS.length} entries, ${sampleCount} sample records, ` +
        `${DETECTIONS.filter((d) => d.eventPattern).length} EventBridge patterns`,
    );
    expect(sampleCount).toBeGreaterThanOrEqual(2 * DETECTIONS.length);
  });
});
