import { DETECTIONS } from "../../../modules/detections";
import { eventBridgeEvent } from "../../../modules/detections/samples";
import { routeThroughEventBridge } from "../../support/eventbridge";
import { recordLabel as label } from "../../helpers";

describe("the detection catalog's EventBridge patterns (moto)", () => {
  describe.each(DETECTIONS.filter((d) => d.eventPattern).map((d) => [d.id, d] as const))("%s", (_id, d) => {
    test("routes every positive sample and no negative one", async () => {
      const samples = [...d.samples.positive, ...d.samples.negative];
      const routed = await routeThroughEventBridge(d.eventPattern!, samples.map(eventBridgeEvent));
      const expected = samples.map((_, i) => i < d.samples.positive.length);
      expect(routed.map((r, i) => `${r ? "routed" : "ignored"}: ${label(samples[i])}`)).toEqual(
        expected.map((e, i) => `${e ? "routed" : "ignored"}: ${label(samples[i])}`),
      );
    });
  });
});
