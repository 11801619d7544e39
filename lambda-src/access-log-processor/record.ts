/** One S3 server access log record, typed. Absent values ("-") are null. */
export interface AccessLogRecord {
  readonly bucketOwner: string | null;
  readonly bucket: string | null;
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly remoteIp: string | null;
  readonly requester: string | null;
  readonly requestId: string | null;
  readonly operation: string | null;
  readonly key: string | null;
  readonly requestUri: string | null;
  readonly httpStatus: number | null;
  readonly errorCode: string | null;
  readonly bytesSent: number | null;
  readonly objectSize: number | null;
  readonly totalTimeMs: number | null;
  readonly turnAroundTimeMs: number | null;
  readonly referer: string | null;
  readonly userAgent: string | null;
  readonly versionId: string | null;
  readonly hostId: string | null;
  readonly signatureVersion: string | null;
  readonly cipherSuite: string | null;
  readonly authenticationType: string | null;
  readonly hostHeader: string | null;
  readonly tlsVersion: string | null;
  readonly accessPointArn: string | null;
  readonly aclRequired: string | null;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** `06/Feb/2019:00:00:38 +0000` -> `2019-02-06T00:00:38.000Z`; null when malformed. */
export function accessLogTime(raw: string): string | null {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(raw);
  if (!m || MONTHS[m[2]] === undefined) return null;
  const offsetMin = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const ms =
    Date.UTC(Number(m[3]), MONTHS[m[2]], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offsetMin * 60_000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "-" and `"-"` are absent. */
export const absent = (v: string | undefined): string | null =>
  v === undefined || v === "-" || v === '"-"' ? null : v;

/** A number field: null when absent, undefined when it is not a number (a corrupt line). */
export function numberField(v: string | undefined): number | null | undefined {
  if (v === undefined || v === "-") return null;
  if (!/^\d+$/.test(v)) return undefined;
  return Number(v);
}
