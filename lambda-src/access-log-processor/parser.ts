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

/** Whether `at` ends a field: the end of the line or a space. */
const fieldEndsAt = (line: string, at: number) => at === line.length || line.charCodeAt(at) === SPACE;

/**
 * Where the quoted user agent closes: the LAST quote after `from` that the trailing
 * fields fit after. The client writes the user agent and may put quotes and
 * look-alike fields in it; nothing after its real closing quote is the client's, so
 * searching from the end means nothing logged after it can be forged. -1 if none fits.
 */
function userAgentClose(line: string, from: number): number {
  // The last quote, found forwards: indexOf is much faster than lastIndexOf in V8,
  // and only the few quotes of the referer and user agent lie after `from`.
  let last = -1;
  for (let q = line.indexOf('"', from + 1); q >= 0; q = line.indexOf('"', q + 1)) last = q;
  for (let close = last; close > from; close = line.lastIndexOf('"', close - 1)) {
    if (fieldEndsAt(line, close + 1) && trailingFieldsAt(line, close + 2)) return close;
  }
  return -1;
}

/** The unquoted fields after the user agent, in order (Source region is the newest, 2026). */
const TRAILING_FIELDS = 10;

/**
 * Parses one line of the S3 server access log format: every documented field
 * through `Source region`; extra trailing fields of a newer format are ignored and
 * the base fields kept. A quoted field may contain unescaped quotes (user agents
 * do): the request URI ends where the status follows, the user agent at the last
 * quote the trailing fields fit after. Returns null for a line that is not a
 * record (an impossible date included); never throws.
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
  // Referer and user agent: each quoted or -. The user agent's end is found first,
  // from the end of the line; the referer then ends at the first `" "` before it.
  let referer: string | null;
  let userAgent: string | null;
  const uaClose = userAgentClose(line, p);
  let refererEnd: number; // index of the space before the user agent
  if (uaClose > p) {
    if (line.charCodeAt(p) === DASH && line.charCodeAt(p + 1) === SPACE && line.charCodeAt(p + 2) === QUOTE) {
      refererEnd = p + 1;
      referer = null;
    } else if (line.charCodeAt(p) === QUOTE) {
      let close = line.indexOf('" "', p + 1);
      if (close < 0 || close + 2 >= uaClose) close = -1;
      if (close < 0) return null;
      referer = absent(line.slice(p + 1, close));
      refererEnd = close + 1;
    } else return null;
    userAgent = absent(line.slice(refererEnd + 2, uaClose));
    p = uaClose + 2;
  } else {
    // No quoted user agent: it is -, after a referer that is - or quoted.
    if (line.charCodeAt(p) === DASH && line.charCodeAt(p + 1) === SPACE) {
      referer = null;
      p += 2;
    } else {
      if (line.charCodeAt(p) !== QUOTE) return null;
      const close = line.indexOf('" ', p + 1);
      if (close < 0) return null;
      referer = absent(line.slice(p + 1, close));
      p = close + 2;
    }
    if (!(line.charCodeAt(p) === DASH && fieldEndsAt(line, p + 1) && trailingFieldsAt(line, p + 2))) return null;
    userAgent = null;
    p += 2;
  }
  // version id ... source region; a newer format's further fields are ignored
  const trailing: (string | null)[] = [];
  while (p < n && trailing.length < TRAILING_FIELDS) {
    e = line.indexOf(" ", p);
    const end = e < 0 ? n : e;
    trailing.push(absent(line.slice(p, end)));
    p = end + 1;
  }
  while (trailing.length < TRAILING_FIELDS) trailing.push(null);

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
    sourceRegion: trailing[9],
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
