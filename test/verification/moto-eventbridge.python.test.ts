import { Testing } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { resourcesOf } from "../helpers";
import { routeThroughEventBridge, type SampleEvent } from "../support/eventbridge";
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { motoClientConfig, motoEndpoint, resetMoto } from "../support/moto";

// The harness end to end: a pattern as cdktf synthesizes it, run by EventBridge
// (moto), routed to SQS or not.
describe("moto as the AWS endpoint", () => {
  const synthesized = Testing.synthScope((scope) => {
    new CloudwatchEventRule(scope, "bpa-removed", {
      name: "s3-public-access-block-removed",
      eventPattern: JSON.stringify({
        source: ["aws.s3"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["s3.amazonaws.com"], eventName: ["DeleteBucketPublicAccessBlock"] },
      }),
    });
  });
  const pattern: string = resourcesOf(synthesized, "aws_cloudwatch_event_rule")[0].event_pattern;

  const call = (eventName: string, source = "aws.s3"): SampleEvent => ({
    source,
    detailType: "AWS API Call via CloudTrail",
    detail: { eventSource: "s3.amazonaws.com", eventName, requestParameters: { bucketName: "example-data" } },
  });

  test("the server runs on loopback, one per worker", () => {
    expect(motoEndpoint()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const all = process.env.MOTO_ENDPOINTS!.split(",");
    expect(new Set(all).size).toBe(all.length);
  });

  test("a synthesized rule routes a matching event to SQS and ignores others", async () => {
    const routed = await routeThroughEventBridge(pattern, [
      call("DeleteBucketPublicAccessBlock"),
      call("PutBucketPublicAccessBlock"),
      call("DeleteBucketPublicAccessBlock", "aws.ec2"),
    ]);
    expect(routed).toEqual([true, false, false]);
  });

  test("a broken pattern is caught: its positive sample does not arrive", async () => {
    const typo = JSON.parse(pattern);
    typo.detail.eventName = ["DeleteBucketPublicAcessBlock"];
    expect(await routeThroughEventBridge(typo, [call("DeleteBucketPublicAccessBlock")])).toEqual([false]);
  });

  test("resetMoto empties the server, as test/setup.ts does before every test file", async () => {
    const sqs = new SQSClient(motoClientConfig());
    await sqs.send(new CreateQueueCommand({ QueueName: "left-behind" }));
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls?.length).toBeGreaterThan(0);
    await resetMoto();
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    sqs.destroy();
  });
});
