import { DETECTIONS } from "../../modules/detections";
import { eventBridgeEvent } from "../../modules/detections/samples";
import { forwardingPattern, notificationInputPaths, notificationTemplate } from "../../modules/security-events";
import { deliverThroughEventBridge, routeThroughEventBridge } from "../support/eventbridge";

const realTime = DETECTIONS.filter((d) => d.eventPattern);

describe("SecurityEventBus's notifications (moto)", () => {
  test("the notification says WHO did WHAT, WHEN, WHERE and HOW (rendered by EventBridge in moto)", async () => {
    const d = DETECTIONS.find((x) => x.id === "s3-block-public-access-changed")!;
    const [body] = await deliverThroughEventBridge(d.eventPattern!, [eventBridgeEvent(d.samples.positive[0])], {
      inputPaths: notificationInputPaths(d),
      inputTemplate: notificationTemplate(d, "docs/runbooks"),
    });
    expect(JSON.parse(body!)).toBe(
      [
        "[CRITICAL] S3 Block Public Access removed or weakened",
        "WHO:   arn:aws:sts::444444444444:assumed-role/PlatformAdmin/alice",
        "WHAT:  DeleteBucketPublicAccessBlock on bucket example-payments-prod-data",
        "WHEN:  2026-11-23T10:00:00Z",
        "WHERE: account 444444444444, eu-west-1, from 203.0.113.10",
        "HOW:   aws-cli/2.18.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.1 exec-env/CloudShell",
        "Runbook: docs/runbooks/s3-block-public-access-changed.md",
      ].join("\n"),
    );
  });
});

describe("SecurityEventForwarding's pattern (moto)", () => {
  test("its pattern lets through every positive sample of every real-time detection (moto)", async () => {
    const pattern = forwardingPattern(DETECTIONS);
    const positives = realTime.flatMap((d) => d.samples.positive);
    const routed = await routeThroughEventBridge(pattern, positives.map(eventBridgeEvent));
    expect(routed.filter((r) => !r)).toHaveLength(0);
    expect(routed).toHaveLength(positives.length);
  });
});
