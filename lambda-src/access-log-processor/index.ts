import type { SQSBatchResponse, SQSEvent, S3EventRecord } from "aws-lambda";
import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DynamoDBClient,
  PutItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { parseAccessLog, type AccessLogRecord } from "./parser";
import { aggregate } from "./aggregate";
import { plainText } from "./text";

// Clients are created once per execution environment; AWS_ENDPOINT_URL points them
// at another endpoint (moto in the tests).
const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
const s3 = new S3Client({ endpoint, forcePathStyle: Boolean(endpoint) });
const logs = new CloudWatchLogsClient({ endpoint });
const dynamodb = new DynamoDBClient({ endpoint });
const logger = new Logger({ serviceName: "access-log-processor" });
const metrics = new Metrics({
  namespace: process.env.METRICS_NAMESPACE ?? "S3AuditBaseline/AccessLogs",
  serviceName: "access-log-processor",
});

const RECORDS_LOG_GROUP = process.env.RECORDS_LOG_GROUP ?? "";
const IDEMPOTENCY_TABLE = process.env.IDEMPOTENCY_TABLE ?? "";
const BURST_THRESHOLD = Number(process.env.DENIED_BURST_THRESHOLD ?? "20");
const DELETION_THRESHOLD = Number(process.env.DELETION_BURST_THRESHOLD ?? "1000");
const DONE_DAYS = 30;
/** How long an unfinished claim holds: shorter than the queue's visibility timeout. */
const CLAIM_SECONDS = Number(process.env.CLAIM_SECONDS ?? "180");

export interface ObjectRef {
  bucket: string;
  key: string;
  /** Version id, else ETag: what makes one delivery of an object unique. */
  identity: string;
}

/** The log objects an SQS message announces (an S3 event notification). */
export function objectsOf(body: string): ObjectRef[] {
  const event = JSON.parse(body) as { Records?: S3EventRecord[]; Event?: string };
  if (event.Event === "s3:TestEvent") return [];
  return (event.Records ?? [])
    .filter((r) => r.eventSource === "aws:s3" && r.eventName.startsWith("ObjectCreated:"))
    .map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, " ")),
      identity: r.s3.object.versionId ?? r.s3.object.eTag ?? r.s3.object.sequencer,
    }));
}

const pk = (ref: ObjectRef) => ({ S: `${ref.bucket}/${ref.key}#${ref.identity}` });

/**
 * Claims an object for processing; false when it was processed already. While another
 * invocation holds a live claim it throws, so the message comes back later. A claim
 * left by an invocation that timed out or crashed expires after CLAIM_SECONDS.
 */
async function claim(ref: ObjectRef): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: IDEMPOTENCY_TABLE,
        Item: { pk: pk(ref), status: { S: "in-progress" }, expiresAt: { N: String(now + CLAIM_SECONDS) } },
        ConditionExpression: "attribute_not_exists(pk) OR (#s = :progress AND expiresAt < :now)",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":progress": { S: "in-progress" }, ":now": { N: String(now) } },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
  }
  const existing = await dynamodb.send(
    new GetItemCommand({ TableName: IDEMPOTENCY_TABLE, Key: { pk: pk(ref) }, ConsistentRead: true }),
  );
  if (existing.Item?.status?.S === "done") return false;
  throw new Error(`another invocation is processing ${ref.bucket}/${ref.key}; retrying later`);
}

async function markDone(ref: ObjectRef): Promise<void> {
  await dynamodb.send(
    new UpdateItemCommand({
      TableName: IDEMPOTENCY_TABLE,
      Key: { pk: pk(ref) },
      UpdateExpression: "SET #s = :done, expiresAt = :expires",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: {
        ":done": { S: "done" },
        ":expires": { N: String(Math.floor(Date.now() / 1000) + DONE_DAYS * 86400) },
      },
    }),
  );
}

async function release(ref: ObjectRef): Promise<void> {
  await dynamodb.send(new DeleteItemCommand({ TableName: IDEMPOTENCY_TABLE, Key: { pk: pk(ref) } }));
}

/** PutLogEvents limits: 10,000 events and 1,048,576 bytes (each message plus 26). */
export function logEventBatches<T extends { message: string }>(
  events: T[],
  maxBytes = 1_000_000,
  maxCount = 10_000,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = Buffer.byteLength(e.message, "utf8") + 26;
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxCount)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Writes the records as JSON events, searchable in CloudWatch Logs Insights. */
async function writeRecords(ref: ObjectRef, records: AccessLogRecord[]): Promise<void> {
  if (records.length === 0 || !RECORDS_LOG_GROUP) return;
  const stream = `${ref.bucket}/${ref.key}`.slice(0, 512).replace(/[:*]/g, "_");
  try {
    await logs.send(new CreateLogStreamCommand({ logGroupName: RECORDS_LOG_GROUP, logStreamName: stream }));
  } catch (e) {
    if ((e as Error).name !== "ResourceAlreadyExistsException") throw e;
  }
  const events = records
    .map((r) => ({ timestamp: Date.parse(r.time), message: JSON.stringify(r) }))
    .sort((a, b) => a.timestamp - b.timestamp);
  for (const batch of logEventBatches(events)) {
    const result = await logs.send(
      new PutLogEventsCommand({ logGroupName: RECORDS_LOG_GROUP, logStreamName: stream, logEvents: batch }),
    );
    if (result.rejectedLogEventsInfo)
      logger.warn("records rejected by CloudWatch Logs", { ...ref, ...result.rejectedLogEventsInfo });
  }
}

function publish(records: AccessLogRecord[]): void {
  let bursts = 0;
  let deletionBursts = 0;
  for (const [bucket, m] of aggregate(records, BURST_THRESHOLD, DELETION_THRESHOLD)) {
    bursts += m.deniedBursts.length;
    deletionBursts += m.deletionBursts.length;
    metrics.addDimension("Bucket", bucket);
    for (const [cls, n] of Object.entries(m.requests)) metrics.addMetric(`${cls}Requests`, MetricUnit.Count, n);
    metrics.addMetric("4xxErrors", MetricUnit.Count, m.errors4xx);
    metrics.addMetric("5xxErrors", MetricUnit.Count, m.errors5xx);
    metrics.addMetric("AccessDenied", MetricUnit.Count, m.accessDenied);
    metrics.addMetric("BytesSent", MetricUnit.Bytes, m.bytesSent);
    metrics.addMetric("TotalTime", MetricUnit.Milliseconds, m.totalTimeMs);
    metrics.addMetric("TurnAroundTime", MetricUnit.Milliseconds, m.turnAroundTimeMs);
    metrics.addMetric("DeniedBursts", MetricUnit.Count, m.deniedBursts.length);
    metrics.addMetric("DeletedObjects", MetricUnit.Count, m.deletedObjects);
    if (m.deniedBursts.length > 0)
      logger.warn("denied-request burst", { bucket, sources: m.deniedBursts, threshold: BURST_THRESHOLD });
    if (m.deletionBursts.length > 0)
      logger.warn("deletion burst", { bucket, requesters: m.deletionBursts, threshold: DELETION_THRESHOLD });
    metrics.publishStoredMetrics();
    metrics.clearDimensions();
  }
  // Organization-wide, without the bucket dimension: what the burst alarms watch.
  metrics.addMetric("DeniedBurstsTotal", MetricUnit.Count, bursts);
  metrics.addMetric("DeletionBurstsTotal", MetricUnit.Count, deletionBursts);
  metrics.publishStoredMetrics();
}

export async function processObject(ref: ObjectRef): Promise<"processed" | "duplicate"> {
  if (!(await claim(ref))) {
    logger.info("already processed", { ...ref });
    return "duplicate";
  }
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    let text: string;
    try {
      text = plainText(bytes);
    } catch (e) {
      metrics.addMetric("UnreadableObjects", MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      logger.error("not an access log in plain text; it goes to the dead-letter queue", {
        ...ref,
        reason: (e as Error).message,
      });
      throw e;
    }
    const parsed = parseAccessLog(text);
    if (parsed.unparseable > 0) {
      logger.warn("unparseable access-log lines", {
        ...ref,
        count: parsed.unparseable,
        samples: parsed.samplesOfUnparseable,
      });
      metrics.addMetric("UnparseableLines", MetricUnit.Count, parsed.unparseable);
      metrics.publishStoredMetrics();
    }
    await writeRecords(ref, parsed.records);
    publish(parsed.records);
    await markDone(ref);
    logger.info("processed", { ...ref, records: parsed.records.length, unparseable: parsed.unparseable });
    return "processed";
  } catch (e) {
    await release(ref);
    throw e;
  }
}

/** SQS batch handler: a failing message is reported alone, so the others are not replayed. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const message of event.Records) {
    try {
      for (const ref of objectsOf(message.body)) await processObject(ref);
    } catch (e) {
      logger.error("message failed", { messageId: message.messageId, error: (e as Error).message });
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
}
