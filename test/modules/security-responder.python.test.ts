import { DETECTIONS, SERVICE_FINDINGS } from "../../modules/detections";
import { eventBridgeEvent } from "../../modules/detections/samples";
import { forwardingPattern } from "../../modules/security-events";
import { RESPONDER_EVENT_NAMES, responderEventPattern } from "../../modules/security-responder";
import { routeThroughEventBridge } from "../support/eventbridge";
import { ACTIONABLE } from "./security-responder.samples";

describe("SecurityResponder's events through EventBridge (moto)", () => {
  test("every event it acts on is forwarded to the central bus and taken by its rule there", async () => {
    const samples = Object.values(ACTIONABLE).map(eventBridgeEvent);
    const forwarded = await routeThroughEventBridge(forwardingPattern(DETECTIONS, RESPONDER_EVENT_NAMES), samples);
    expect(forwarded).toEqual(samples.map(() => true));
    expect(await routeThroughEventBridge(responderEventPattern(), samples)).toEqual(samples.map(() => true));
  });

  test("its rule takes Access Analyzer's public-bucket findings, and only those", async () => {
    const pattern = responderEventPattern();
    const finding = SERVICE_FINDINGS.find((f) => f.id === "access-analyzer-s3-finding")!;
    const sample = (e: (typeof finding.samples.positive)[number]) => ({
      source: e.source,
      detailType: e["detail-type"],
      detail: e.detail,
    });
    // The catalog's samples: a finding for an outside account, and a public one.
    const routed = await routeThroughEventBridge(pattern, finding.samples.positive.map(sample));
    expect(routed).toEqual([false, true]);
    expect(await routeThroughEventBridge(pattern, finding.samples.negative.map(sample))).toEqual(
      finding.samples.negative.map(() => false),
    );
  });
});
