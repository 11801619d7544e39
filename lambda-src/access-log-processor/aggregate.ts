import type { AccessLogRecord } from "./record";

export type RequestClass = "GET" | "PUT" | "DELETE" | "LIST" | "HEAD" | "OTHER";

/** The request class of an operation such as REST.GET.OBJECT or REST.GET.BUCKET (a listing). */
export function requestClass(operation: string | null): RequestClass {
  if (!operation) return "OTHER";
  if (operation === "REST.GET.BUCKET" || operation === "REST.GET.BUCKETVERSIONS" || operation === "REST.GET.UPLOADS")
    return "LIST";
  const verb = operation.split(".")[1];
  if (verb === "GET") return operation.startsWith("REST.GET.OBJECT") ? "GET" : "OTHER";
  if (verb === "PUT" || verb === "POST" || verb === "COPY") return "PUT";
  if (verb === "DELETE") return "DELETE";
  if (verb === "HEAD") return "HEAD";
  return "OTHER";
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
}

const isDenied = (r: AccessLogRecord) => r.errorCode === "AccessDenied" || r.httpStatus === 403;

/**
 * Per-bucket figures of a batch of records: requests by class, 4xx, 5xx,
 * AccessDenied, bytes sent, total and turn-around time, and the sources (remote IP
 * or requester) denied `burstThreshold` times or more.
 */
export function aggregate(records: readonly AccessLogRecord[], burstThreshold: number): Map<string, BucketMetrics> {
  const byBucket = new Map<string, BucketMetrics>();
  const denied = new Map<string, Map<string, number>>();
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
      };
      byBucket.set(bucket, m);
    }
    m.requests[requestClass(r.operation)]++;
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
  return byBucket;
}
