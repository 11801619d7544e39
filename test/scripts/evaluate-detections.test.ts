import { DETECTIONS } from "../../modules/detections";
import { eventBridgeEvent } from "../../modules/detections/samples";
import { hits, matchesEventPattern } from "../../scripts/evaluate-detections";

describe("evaluate-detections", () => {
  test("every positive sample reaches its own detection; no negative sample reaches its own", () => {
    for (const d of DETECTIONS) {
      for (const r of d.samples.positive) expect([d.id, hits(r).some((h) => h.id === d.id)]).toEqual([d.id, true]);
      for (const r of d.samples.negative) expect([d.id, hits(r).some((h) => h.id === d.id)]).toEqual([d.id, false]);
    }
  });

  test("its EventBridge matcher agrees with the patterns' samples (the moto-tested truth)", () => {
    for (const d of DETECTIONS.filter((x) => x.eventPattern)) {
      const as = (r: (typeof d.samples.positive)[number]) => {
        const e = eventBridgeEvent(r);
        return { source: e.source, "detail-type": e.detailType, detail: e.detail };
      };
      for (const r of d.samples.positive)
        expect([d.id, matchesEventPattern(d.eventPattern, as(r))]).toEqual([d.id, true]);
      for (const r of d.samples.negative)
        expect([d.id, matchesEventPattern(d.eventPattern, as(r))]).toEqual([d.id, false]);
    }
  });
});
