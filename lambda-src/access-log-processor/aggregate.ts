import type { AccessLogRecord } from "./record";
import { OBJECT_DELETION_OPERATIONS } from "../../modules/log-analytics/tables";

export type RequestClass = "GET" | "PUT" | "DELETE" | "LIST" | "HEAD" | "OTHER";

const LISTINGS = new Set(["REST.GET.BUCKET", "REST.GET.BUCKETVERSIONS", "REST.GET.UPLOADS"]);

/**
 * The request class of an operation (`REST.GET.OBJECT`, `WEBSITE.GET.OBJECT`,
 * `REST.POST.MULTI_OBJECT_DELETE`, ...), or null for a record that is not a request
 * of its own: `BATCH.DELETE.OBJECT` (one per object a multi-object delete removed,
 * logged beside the request) and S3's own lifecycle actions (`S3.EXPIRE.OBJECT`).
 */
export function requestClass(operation: string | null): RequestClass | null {
  if (!operation) return "OTHER";
  const [kind, verb, resource = ""] = operation.split(".");
  if (kind !== "REST" && kind !== "WEBSITE" && kind !== "SOAP")
    return kind === "BATCH" || kind === "S3" ? null : "OTHER";
  if (LISTINGS.has(operation)) return "LIST";
  switch (verb) {
    case "GET":
      return resource.startsWith("OBJECT") ? "GET" : "OTHER";
    case "HEAD":
      return "HEAD";
    case "DELETE":
      return "DELETE";
    case "POST":
      // One request that deletes up to 1,000 objects is a delete, not a write.
      return resource === "MULTI_OBJECT_DELETE" ? "DELETE" : "PUT";
    case "PUT":
      return "PUT";
    case "COPY":
      // A copy logs a read of the source (OBJECT_GET, PART_GET) and a write of the target.
      return resource.endsWith("_GET") ? "GET" : "PUT";
    default:
      return "OTHER";
  }
}

/**
 * Objects a record removed: a single-object delete that succeeded, or one object of
 * a multi-object delete (`BATCH.DELETE.OBJECT`). The multi-object request itself
 * removes nothing that its BATCH lines do not count.
 */
export function deletedObjects(r: AccessLogRecord): number {
  // A key that failed inside a DeleteObjects call is logged with an error code.
  const ok = r.errorCode === null && (r.httpStatus === null || r.httpStatus < 300);
  if (!ok) return 0;
  return (OBJECT_DELETION_OPERATIONS as readonly (string | null)[]).includes(r.operation) ? 1 : 0;
}

export interface BucketMetrics {
  requests: Record<RequestClass, number>;
  errors4xx: number;
  errors5xx: number;
  accessDenied: number;
  bytesSent: number;
  totalTimeMs: number;
  turnAroundTimeMs: number;
  /** Remote IPs and requesters that were denied at least the burst threshold. */
  deniedBursts: string[];
  /** Objects deleted (single deletes and each object of a multi-object delete). */
  deletedObjects: number;
  /** Requesters (or remote IPs when anonymous) that deleted at least the deletion threshold. */
  deletionBursts: string[];
}

const isDenied = (r: AccessLogRecord) => r.errorCode === "AccessDenied" || r.httpStatus === 403;

/**
 * Per-bucket figures of a batch of records: requests by class, 4xx, 5xx,
 * AccessDenied, bytes sent, total and turn-around time, the sources (remote IP or
 * requester) denied `burstThreshold` times or more, objects deleted, and the
 * requesters that deleted `deletionThreshold` objects or more.
 */
export function aggregate(
  records: readonly AccessLogRecord[],
  burstThreshold: number,
  deletionThreshold = Infinity,
): Map<string, BucketMetrics> {
  const byBucket = new Map<string, BucketMetrics>();
  const denied = new Map<string, Map<string, number>>();
  const deleted = new Map<string, Map<string, number>>();
  for (const r of records) {
    const bucket = r.bucket ?? "(unknown)";
    let m = byBucket.get(bucket);
    if (!m) {
      m = {
        requests: { GET: 0, PUT: 0, DELETE: 0, LIST: 0, HEAD: 0, OTHER: 0 },
        errors4xx: 0,
        errors5xx: 0,
        accessDenied: 0,
        bytesSent: 0,
        totalTimeMs: 0,
        turnAroundTimeMs: 0,
        deniedBursts: [],
        deletedObjects: 0,
        deletionBursts: [],
      };
      byBucket.set(bucket, m);
    }
    const cls = requestClass(r.operation);
    if (cls) m.requests[cls]++;
    const removed = deletedObjects(r);
    if (removed > 0) {
      m.deletedObjects += removed;
      const by = r.requester ? `requester:${r.requester}` : `ip:${r.remoteIp ?? "unknown"}`;
      const counts = deleted.get(bucket) ?? new Map<string, number>();
      counts.set(by, (counts.get(by) ?? 0) + removed);
      deleted.set(bucket, counts);
    }
    if (r.httpStatus !== null && r.httpStatus >= 400 && r.httpStatus < 500) m.errors4xx++;
    if (r.httpStatus !== null && r.httpStatus >= 500) m.errors5xx++;
    m.bytesSent += r.bytesSent ?? 0;
    m.totalTimeMs += r.totalTimeMs ?? 0;
    m.turnAroundTimeMs += r.turnAroundTimeMs ?? 0;
    if (isDenied(r)) {
      m.accessDenied++;
      const sources = denied.get(bucket) ?? new Map<string, number>();
      for (const s of [r.remoteIp && `ip:${r.remoteIp}`, r.requester && `requester:${r.requester}`]) {
        if (s) sources.set(s, (sources.get(s) ?? 0) + 1);
      }
      denied.set(bucket, sources);
    }
  }
  for (const [bucket, sources] of denied) {
    byBucket.get(bucket)!.deniedBursts = [...sources]
      .filter(([, n]) => n >= burstThreshold)
      .map(([s]) => s)
      .sort();
  }
  for (const [bucket, by] of deleted) {
    byBucket.get(bucket)!.deletionBursts = [...by]
      .filter(([, n]) => n >= deletionThreshold)
      .map(([s]) => s)
      .sort();
  }
  return byBucket;
}
