import { absent, accessLogTime, numberField, type AccessLogRecord } from "./record";

export type { AccessLogRecord } from "./record";

const SPACE = 32;
const QUOTE = 34;
const DASH = 45;

function isStatusAt(line: string, at: number): boolean {
  // "200 " or "- "
  if (line.charCodeAt(at) === DASH) return line.charCodeAt(at + 1) === SPACE;
  for (let i = at; i < at + 3; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return line.charCodeAt(at + 3) === SPACE;
}

/** Whether the unquoted fields after a user agent start at `at`: its third field is a signature version. */
function trailingFieldsAt(line: string, at: number): boolean {
  if (at >= line.length) return true;
  const first = line.indexOf(" ", at);
  if (first < 0) return true;
  const second = line.indexOf(" ", first + 1);
  if (second < 0) return true;
  const third = line.indexOf(" ", second + 1);
  const sig = third < 0 ? line.slice(second + 1) : line.slice(second + 1, third);
  return sig === "SigV4" || sig === "SigV2" || sig === "-";
}

/**
 * Parses one line of the S3 server access log format: every documented field
 * through `aclRequired`; extra trailing fields are ignored. A quoted field may
 * contain unescaped quotes (user agents do): its end is found by the fields that
 * must follow it. Returns null for a line that is not a record; never throws.
 */
export function parseAccessLogLine(line: string): AccessLogRecord | null {
  const n = line.length;
  let p = 0;
  let e = 0;
  const fields: string[] = [];
  // bucket owner, bucket
  for (let i = 0; i < 2; i++) {
    e = line.indexOf(" ", p);
    if (e < 0) return null;
    fields.push(line.slice(p, e));
    p = e + 1;
  }
  if (line.charCodeAt(p) !== 91 /* [ */) return null;
  e = line.indexOf("] ", p);
  if (e < 0) return null;
  const time = accessLogTime(line.slice(p + 1, e));
  if (time === null) return null;
  p = e + 2;
  // remote ip, requester, request id, operation, key
  for (let i = 0; i < 5; i++) {
    e = line.indexOf(" ", p);
    if (e < 0) return null;
    fields.push(line.slice(p, e));
    p = e + 1;
  }
  // request URI: quoted, ends where the status follows
  let requestUri: string | null;
  if (line.charCodeAt(p) === DASH && line.charCodeAt(p + 1) === SPACE) {
    requestUri = null;
    p += 2;
  } else {
    if (line.charCodeAt(p) !== QUOTE) return null;
    let close = line.indexOf('"', p + 1);
    while (close >= 0 && !(line.charCodeAt(close + 1) === SPACE && isStatusAt(line, close + 2)))
      close = line.indexOf('"', close + 1);
    if (close < 0) return null;
    requestUri = line.slice(p + 1, close);
    p = close + 2;
  }
  // status, error code, bytes sent, object size, total time, turn-around time
  const numbers: (number | null)[] = [];
  let errorCode: string | null = null;
  for (let i = 0; i < 6; i++) {
    e = line.indexOf(" ", p);
    if (e < 0) return null;
    const v = line.slice(p, e);
    p = e + 1;
    if (i === 1) {
      errorCode = absent(v);
      continue;
    }
    const num = numberField(v);
    if (num === undefined) return null;
    numbers.push(num);
  }
  // referer: quoted (or -), followed by the user agent's opening quote or -
  let referer: string | null;
  if (line.charCodeAt(p) === DASH && line.charCodeAt(p + 1) === SPACE) {
    referer = null;
    p += 2;
  } else {
    if (line.charCodeAt(p) !== QUOTE) return null;
    let close = line.indexOf('" ', p + 1);
    while (close >= 0 && line.charCodeAt(close + 2) !== QUOTE && line.charCodeAt(close + 2) !== DASH)
      close = line.indexOf('" ', close + 1);
    if (close < 0) return null;
    referer = absent(line.slice(p + 1, close));
    p = close + 2;
  }
  // user agent: quoted (or -), ends where the unquoted trailing fields begin
  let userAgent: string | null;
  if (line.charCodeAt(p) === DASH && (p + 1 === n || line.charCodeAt(p + 1) === SPACE)) {
    userAgent = null;
    p += 2;
  } else {
    if (line.charCodeAt(p) !== QUOTE) return null;
    let close = line.indexOf('"', p + 1);
    while (
      close >= 0 &&
      !((close + 1 === n || line.charCodeAt(close + 1) === SPACE) && trailingFieldsAt(line, close + 2))
    ) {
      close = line.indexOf('"', close + 1);
    }
    if (close < 0) return null;
    userAgent = absent(line.slice(p + 1, close));
    p = close + 2;
  }
  // version id ... acl required; anything after is ignored
  const trailing: (string | null)[] = [];
  while (p < n && trailing.length < 9) {
    e = line.indexOf(" ", p);
    const end = e < 0 ? n : e;
    trailing.push(absent(line.slice(p, end)));
    p = end + 1;
  }
  while (trailing.length < 9) trailing.push(null);

  return {
    bucketOwner: absent(fields[0]),
    bucket: absent(fields[1]),
    time,
    remoteIp: absent(fields[2]),
    requester: absent(fields[3]),
    requestId: absent(fields[4]),
    operation: absent(fields[5]),
    key: absent(fields[6]),
    requestUri: requestUri === "-" ? null : requestUri,
    httpStatus: numbers[0],
    errorCode,
    bytesSent: numbers[1],
    objectSize: numbers[2],
    totalTimeMs: numbers[3],
    turnAroundTimeMs: numbers[4],
    referer,
    userAgent,
    versionId: trailing[0],
    hostId: trailing[1],
    signatureVersion: trailing[2],
    cipherSuite: trailing[3],
    authenticationType: trailing[4],
    hostHeader: trailing[5],
    tlsVersion: trailing[6],
    accessPointArn: trailing[7],
    aclRequired: trailing[8],
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
