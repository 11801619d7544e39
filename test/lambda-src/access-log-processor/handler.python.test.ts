import type { SQSEvent } from "aws-lambda";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateLogGroupCommand,
  CloudWatchLogsClient,
  GetLogEventsCommand,
  DescribeLogStreamsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { MOTO_CREDENTIALS, MOTO_REGION, motoClientConfig, motoEndpoint } from "../../support/moto";
import { DOCUMENTED_LINES, deniedLine, multiDeleteLines } from "./fixtures";
import { parseAccessLogLine } from "../../../lambda-src/access-log-processor/parser";

const BUCKET = "example-s3-access-logs-archive-222222222222";
// CloudWatch Logs keeps only events of the last 14 days: the records must be recent.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const now = new Date(Date.now() - 3600_000);
const pad = (n: number) => String(n).padStart(2, "0");
const RECENT = `[${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000]`;
const LINES = DOCUMENTED_LINES.map((l) => l.replace(/\[[^\]]+\]/, RECENT));
const KEY = "444444444444/eu-west-1/amzn-s3-demo-bucket1/2026/11/23/2026-11-23-10-00-00-0A1B2C3D";
const DELETES = multiDeleteLines(LINES);
const RECORD_COUNT = DOCUMENTED_LINES.length + 21 + DELETES.length;
const LOG = [
  ...LINES,
  "not a log line",
  ...Array.from({ length: 21 }, (_, i) => deniedLine(i, LINES)),
  ...DELETES,
].join("\n");

function s3Notification(key: string, versionId: string): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: MOTO_REGION,
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: BUCKET },
          object: { key: encodeURIComponent(key).replace(/%2F/g, "/"), versionId, eTag: "abc", sequencer: "01" },
        },
      },
    ],
  });
}
const sqsEvent = (...bodies: [string, string][]): SQSEvent =>
  ({ Records: bodies.map(([messageId, body]) => ({ messageId, body })) }) as unknown as SQSEvent;

describe("access-log-processor handler (moto)", () => {
  let handler: (e: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  let emf: Record<string, any>[] = [];
  const logs = new CloudWatchLogsClient(motoClientConfig());

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      RECORDS_LOG_GROUP: "example/s3-access-logs",
      IDEMPOTENCY_TABLE: "example-access-log-processor",
      DENIED_BURST_THRESHOLD: "20",
      DELETION_BURST_THRESHOLD: "3",
      POWERTOOLS_DEV: "false",
    });
    const s3 = new S3Client({ ...motoClientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: LOG }));
    await new DynamoDBClient(motoClientConfig()).send(
      new CreateTableCommand({
        TableName: "example-access-log-processor",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await logs.send(new CreateLogGroupCommand({ logGroupName: "example/s3-access-logs" }));
    // EMF goes to stdout; keep the metric documents.
    const write = process.stdout.write.bind(process.stdout);
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: any, ...rest: any[]) => {
      for (const line of String(chunk).split("\n")) {
        if (line.includes('"_aws"')) emf.push(JSON.parse(line));
      }
      return line_passthrough(write, chunk, rest);
    });
    handler = (await import("../../../lambda-src/access-log-processor/index")).handler;
  });
  const line_passthrough = (write: any, chunk: any, rest: any[]) =>
    String(chunk).includes('"_aws"') ? true : write(chunk, ...rest);

  test("parses the object, writes every record to CloudWatch Logs and emits per-bucket metrics", async () => {
    emf = [];
    const result = await handler(sqsEvent(["m1", s3Notification(KEY, "v1")]));
    expect(result.batchItemFailures).toEqual([]);

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "example/s3-access-logs" }));
    const stream = streams.logStreams![0].logStreamName!;
    const events = await logs.send(
      new GetLogEventsCommand({ logGroupName: "example/s3-access-logs", logStreamName: stream, startFromHead: true }),
    );
    expect(events.events).toHaveLength(RECORD_COUNT);
    expect(events.events!.map((e) => JSON.parse(e.message!))).toContainEqual(parseAccessLogLine(LINES[4]));

    const bucketDoc = emf.find((d) => d.Bucket === "amzn-s3-demo-bucket1" && d.GETRequests !== undefined)!;
    expect(bucketDoc).toBeDefined();
    expect(bucketDoc._aws.CloudWatchMetrics[0].Namespace).toBe("S3AuditBaseline/AccessLogs");
    expect(bucketDoc._aws.CloudWatchMetrics[0].Dimensions).toEqual([expect.arrayContaining(["Bucket"])]);
    expect([
      bucketDoc.PUTRequests,
      bucketDoc.DELETERequests,
      bucketDoc.DeletedObjects,
      bucketDoc.AccessDenied,
      bucketDoc["4xxErrors"],
      bucketDoc.DeniedBursts,
    ]).toEqual([1, 1, 3, 21, 22, 2]);
    expect(emf.find((d) => d.UnparseableLines !== undefined)?.UnparseableLines).toBe(1);
    // The alarm's metric: organization-wide, no bucket dimension.
    const total = emf.find((d) => d.DeniedBurstsTotal !== undefined)!;
    expect([total.DeniedBurstsTotal, total.DeletionBurstsTotal]).toEqual([2, 1]);
    expect(total._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service"]]);
  });

  test("processing the same object again counts nothing twice", async () => {
    emf = [];
    const again = await handler(sqsEvent(["m2", s3Notification(KEY, "v1")]));
    expect(again.batchItemFailures).toEqual([]);
    expect(emf.filter((d) => d.GETRequests !== undefined)).toEqual([]);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "example/s3-access-logs" }));
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: "example/s3-access-logs",
        logStreamName: streams.logStreams![0].logStreamName!,
        startFromHead: true,
      }),
    );
    expect(events.events).toHaveLength(RECORD_COUNT);
  });

  test("a live claim by another invocation sends the message back; an expired one is taken over", async () => {
    const ddb = new DynamoDBClient(motoClientConfig());
    const now = Math.floor(Date.now() / 1000);
    const claimFor = async (key: string, expiresAt: number) => {
      await new S3Client({ ...motoClientConfig(), forcePathStyle: true }).send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: LINES[0] }),
      );
      await ddb.send(
        new PutItemCommand({
          TableName: "example-access-log-processor",
          Item: { pk: { S: `${BUCKET}/${key}#v1` }, status: { S: "in-progress" }, expiresAt: { N: String(expiresAt) } },
        }),
      );
    };
    await claimFor("live/object", now + 600);
    await claimFor("stale/object", now - 10);
    const result = await handler(
      sqsEvent(["live", s3Notification("live/object", "v1")], ["stale", s3Notification("stale/object", "v1")]),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "live" }]);
  });

  test("a gzip object is not marked processed with zero records: it fails, every time, towards the DLQ", async () => {
    const { gzipSync } = await import("node:zlib");
    await new S3Client({ ...motoClientConfig(), forcePathStyle: true }).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "gz/object", Body: gzipSync(LINES.join("\n")) }),
    );
    emf = [];
    for (const attempt of ["first", "second"]) {
      const result = await handler(sqsEvent([attempt, s3Notification("gz/object", "v1")]));
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: attempt }]);
    }
    expect(emf.filter((d) => d.UnreadableObjects === 1)).toHaveLength(2);
    expect(emf.filter((d) => d.GETRequests !== undefined)).toEqual([]);
  });

  test("a message that fails is reported alone; the others are processed", async () => {
    const result = await handler(
      sqsEvent(
        ["missing", s3Notification("no/such/object", "v9")],
        ["test", JSON.stringify({ Event: "s3:TestEvent" })],
      ),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "missing" }]);
  });
});
