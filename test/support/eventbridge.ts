/**
 * Runs EventBridge event patterns for real, through moto: a rule with the pattern on
 * a fresh bus, an SQS queue as its target, `PutEvents` for each event, and what
 * reached the queue. Tests of detections use it to prove a pattern fires on its
 * positive samples and stays silent on its negative ones.
 */
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { motoClientConfig } from "./moto";

export interface SampleEvent {
  /** e.g. "aws.s3" */
  readonly source: string;
  /** e.g. "AWS API Call via CloudTrail" */
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly account?: string;
  readonly region?: string;
}

let counter = 0;

/**
 * Sends `events` through a rule with `pattern` and returns, for each event, whether
 * it reached the rule's SQS target.
 */
export async function routeThroughEventBridge(
  pattern: string | Record<string, unknown>,
  events: SampleEvent[],
): Promise<boolean[]> {
  return (await deliverThroughEventBridge(pattern, events)).map((body) => body !== undefined);
}

export interface InputTransformer {
  readonly inputPaths: Record<string, string>;
  /** As in Terraform: the template text, a JSON value. */
  readonly inputTemplate: string;
}

/**
 * Like routeThroughEventBridge, but returns what the target received for each event
 * (undefined when nothing), optionally through an input transformer.
 */
export async function deliverThroughEventBridge(
  pattern: string | Record<string, unknown>,
  events: SampleEvent[],
  transformer?: InputTransformer,
): Promise<(string | undefined)[]> {
  const eb = new EventBridgeClient(motoClientConfig());
  const sqs = new SQSClient(motoClientConfig());
  const id = `t${Date.now()}${counter++}`;
  await eb.send(new CreateEventBusCommand({ Name: `bus-${id}` }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `q-${id}` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  await eb.send(
    new PutRuleCommand({
      Name: `rule-${id}`,
      EventBusName: `bus-${id}`,
      EventPattern: typeof pattern === "string" ? pattern : JSON.stringify(pattern),
      State: "ENABLED",
    }),
  );
  await eb.send(
    new PutTargetsCommand({
      Rule: `rule-${id}`,
      EventBusName: `bus-${id}`,
      Targets: [
        {
          Id: "queue",
          Arn: Attributes!.QueueArn,
          InputTransformer: transformer
            ? { InputPathsMap: transformer.inputPaths, InputTemplate: transformer.inputTemplate }
            : undefined,
        },
      ],
    }),
  );

  const delivered: (string | undefined)[] = [];
  for (const [i, e] of events.entries()) {
    const marker = `${id}-${i}`;
    const result = await eb.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: `bus-${id}`,
            Source: e.source,
            DetailType: e.detailType,
            // The marker lets the queue's messages be matched to the events sent.
            Detail: JSON.stringify({ ...e.detail, __sample: marker }),
          },
        ],
      }),
    );
    if (result.FailedEntryCount) throw new Error(`PutEvents rejected event ${i}: ${JSON.stringify(result.Entries)}`);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const bodies = (received.Messages ?? []).map((m) => m.Body ?? "");
    // A transformed message no longer carries the marker: one event in, at most one out.
    delivered.push(transformer ? bodies[0] : bodies.find((b) => b.includes(marker)));
  }
  eb.destroy();
  sqs.destroy();
  return delivered;
}
