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
  /** The region the request came from, when AWS knows it (the newest field, 2026). */
  readonly sourceRegion: string | null;
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

const TWO_DIGITS = Array.from({ length: 13 }, (_, i) => String(i).padStart(2, "0"));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number =>
  month === 1 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month];

const digits = (s: string, from: number, count: number): number => {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/** `06/Feb/2019:00:00:38 +0000` -> `2019-02-06T00:00:38.000Z`; null when malformed or impossible. */
export function accessLogTime(raw: string): string | null {
  if (
    raw.length !== 26 ||
    raw[2] !== "/" ||
    raw[6] !== "/" ||
    raw[11] !== ":" ||
    raw[14] !== ":" ||
    raw[17] !== ":" ||
    raw[20] !== " "
  ) {
    return null;
  }
  const month = MONTHS[raw.slice(3, 6)];
  const day = digits(raw, 0, 2);
  const year = digits(raw, 7, 4);
  const hh = digits(raw, 12, 2);
  const mm = digits(raw, 15, 2);
  const ss = digits(raw, 18, 2);
  const oh = digits(raw, 22, 2);
  const om = digits(raw, 24, 2);
  const sign = raw[21];
  if (month === undefined || [day, year, hh, mm, ss, oh, om].includes(-1) || (sign !== "+" && sign !== "-"))
    return null;
  // S3 began logging in 2006; an offset beyond +-14:00 exists nowhere.
  if (year < 2006 || day < 1 || hh > 23 || mm > 59 || ss > 59 || oh > 14 || om > 59) return null;
  // 31 Feb would roll over into March: a date that does not exist is not a record.
  if (day > daysInMonth(year, month)) return null;
  // S3 writes UTC (+0000): the ISO string is the fields themselves, no Date needed.
  if (oh === 0 && om === 0) {
    return `${raw.slice(7, 11)}-${TWO_DIGITS[month + 1]}-${raw.slice(0, 2)}T${raw.slice(12, 20)}.000Z`;
  }
  const offsetMin = (sign === "-" ? -1 : 1) * (oh * 60 + om);
  return new Date(Date.UTC(year, month, day, hh, mm, ss) - offsetMin * 60_000).toISOString();
}

/** "-" and `"-"` are absent. */
export const absent = (v: string | undefined): string | null =>
  v === undefined || v === "-" || v === '"-"' ? null : v;

/** A number field: null when absent, undefined when it is not a number (a corrupt line). */
export function numberField(v: string | undefined): number | null | undefined {
  if (v === undefined || v === "-") return null;
  if (v.length === 0 || v.length > 15) return undefined;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}
