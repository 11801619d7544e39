import { absent, accessLogTime, numberField, type AccessLogRecord } from "./record";

export type { AccessLogRecord } from "./record";

const STATUS_AFTER = /^(\d{3}|-) /;
const SIGNATURE = /^(SigV2|SigV4|-)$/;

/**
 * Parses one line of the S3 server access log format: every documented field
 * through `aclRequired`; extra trailing fields are ignored. A quoted field may
 * contain unescaped quotes (user agents do): its end is found by the fields that
 * must follow it. Returns null for a line that is not a record; never throws.
 */
export function parseAccessLogLine(line: string): AccessLogRecord | null {
  let pos = 0;
  const n = line.length;
  const token = (): string | undefined => {
    if (pos > n) return undefined;
    const end = line.indexOf(" ", pos);
    const t = end < 0 ? line.slice(pos) : line.slice(pos, end);
    pos = end < 0 ? n + 1 : end + 1;
    return t;
  };
  /** A quoted field whose closing quote is followed by a space and what `after` accepts. */
  const quoted = (after: (rest: number) => boolean): string | null | undefined => {
    if (line.startsWith("- ", pos) || (line[pos] === "-" && pos + 1 === n)) {
      pos += 2;
      return null;
    }
    if (line[pos] !== '"') return undefined;
    let close = line.indexOf('"', pos + 1);
    while (close >= 0) {
      if ((close + 1 === n || line[close + 1] === " ") && after(close + 2)) {
        const value = line.slice(pos + 1, close);
        pos = close + 2;
        return value === "-" ? null : value;
      }
      close = line.indexOf('"', close + 1);
    }
    return undefined;
  };

  const bucketOwner = token();
  const bucket = token();
  if (line[pos] !== "[") return null;
  const timeEnd = line.indexOf("] ", pos);
  if (timeEnd < 0) return null;
  const time = accessLogTime(line.slice(pos + 1, timeEnd));
  if (!time) return null;
  pos = timeEnd + 2;
  const remoteIp = token();
  const requester = token();
  const requestId = token();
  const operation = token();
  const key = token();
  const requestUri = quoted((at) => STATUS_AFTER.test(line.slice(at, at + 4)));
  if (requestUri === undefined) return null;
  const status = token();
  const errorCode = token();
  const bytesSent = numberField(token());
  const objectSize = numberField(token());
  const totalTime = numberField(token());
  const turnAround = numberField(token());
  const httpStatus = numberField(status);
  if ([httpStatus, bytesSent, objectSize, totalTime, turnAround].includes(undefined)) return null;
  const referer = quoted((at) => line[at] === '"' || line.startsWith("- ", at) || line.startsWith("-", at));
  if (referer === undefined) return null;
  // The user agent ends where the unquoted trailing fields begin: the third of them
  // is the signature version (or the line ends with the older, shorter format).
  const userAgent = quoted((at) => {
    if (at >= n) return true;
    const rest = line.slice(at).split(" ", 4);
    return rest.length < 3 || SIGNATURE.test(rest[2]);
  });
  if (userAgent === undefined) return null;
  const trailing = pos <= n ? line.slice(pos).split(" ") : [];

  return {
    bucketOwner: absent(bucketOwner),
    bucket: absent(bucket),
    time,
    remoteIp: absent(remoteIp),
    requester: absent(requester),
    requestId: absent(requestId),
    operation: absent(operation),
    key: absent(key),
    requestUri,
    httpStatus: httpStatus!,
    errorCode: absent(errorCode),
    bytesSent: bytesSent!,
    objectSize: objectSize!,
    totalTimeMs: totalTime!,
    turnAroundTimeMs: turnAround!,
    referer,
    userAgent,
    versionId: absent(trailing[0]),
    hostId: absent(trailing[1]),
    signatureVersion: absent(trailing[2]),
    cipherSuite: absent(trailing[3]),
    authenticationType: absent(trailing[4]),
    hostHeader: absent(trailing[5]),
    tlsVersion: absent(trailing[6]),
    accessPointArn: absent(trailing[7]),
    aclRequired: absent(trailing[8]),
  };
}

export interface ParsedLog {
  readonly records: AccessLogRecord[];
  /** Lines that are not records (blank lines are not counted). */
  readonly unparseable: number;
  /** The first few of them, for the log. */
  readonly samplesOfUnparseable: string[];
}

/** Parses a whole access-log object. Unparseable lines are counted, never fatal. */
export function parseAccessLog(text: string): ParsedLog {
  const records: AccessLogRecord[] = [];
  const samplesOfUnparseable: string[] = [];
  let unparseable = 0;
  for (const line of text.split("\n")) {
    const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (trimmed === "") continue;
    const r = parseAccessLogLine(trimmed);
    if (r) records.push(r);
    else {
      unparseable++;
      if (samplesOfUnparseable.length < 5) samplesOfUnparseable.push(trimmed.slice(0, 300));
    }
  }
  return { records, unparseable, samplesOfUnparseable };
}
