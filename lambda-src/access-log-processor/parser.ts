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

/** Whether `at` ends a field: the end of the line or a space. */
const fieldEndsAt = (line: string, at: number) => at === line.length || line.charCodeAt(at) === SPACE;

/** Where the k-th space-separated field from `at` starts, or -1 past the end of the line. */
function fieldStart(line: string, at: number, k: number): number {
  let start = at;
  for (let i = 0; i < k; i++) {
    const space = line.indexOf(" ", start);
    if (space < 0) return -1;
    start = space + 1;
  }
  return start > line.length ? -1 : start;
}

/** Whether the field starting at `start` is exactly `value` (no string is made). */
const fieldIs = (line: string, start: number, value: string) =>
  start >= 0 && line.startsWith(value, start) && fieldEndsAt(line, start + value.length);

const isSignature = (line: string, start: number) => fieldIs(line, start, "SigV4") || fieldIs(line, start, "SigV2");

/**
 * Where the client's text ends: the LAST quote after `from`. The client writes the
 * referer and the user agent and may put quotes and look-alike fields in them, but
 * nothing after the last quote is the client's, so the fields after it decide, by
 * where the signature version falls, whether that quote closes a quoted user agent
 * or a quoted referer followed by an unquoted "-" user agent. `close` is -1 when no
 * quote follows `from` (both fields "-"); null when the line fits neither.
 */
function clientTextEnd(line: string, from: number): { close: number; quotedAgent: boolean } | null {
  // Found forwards: indexOf is much faster than lastIndexOf in V8, and only the
  // few quotes of the referer and user agent lie after `from`.
  let last = -1;
  for (let q = line.indexOf('"', from + 1); q >= 0; q = line.indexOf('"', q + 1)) last = q;
  if (last < 0) return { close: -1, quotedAgent: false };
  if (!fieldEndsAt(line, last + 1)) return null;
  const at = last + 2;
  if (at >= line.length) return { close: last, quotedAgent: true }; // an older line, the agent last
  const f0 = at;
  const f1 = fieldStart(line, at, 1);
  const f2 = fieldStart(line, at, 2);
  const f3 = fieldStart(line, at, 3);
  if (isSignature(line, f2)) return { close: last, quotedAgent: true };
  if (fieldIs(line, f0, "-") && (isSignature(line, f3) || f1 < 0)) return { close: last, quotedAgent: false };
  if (f2 < 0 || fieldIs(line, f2, "-")) return { close: last, quotedAgent: true };
  if (fieldIs(line, f0, "-") && (f3 < 0 || fieldIs(line, f3, "-"))) return { close: last, quotedAgent: false };
  return null;
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
  const end = clientTextEnd(line, p);
  if (end === null) return null;
  if (end.close < 0) {
    // Neither is quoted: both are "-".
    if (!(line.charCodeAt(p) === DASH && line.charCodeAt(p + 1) === SPACE && line.charCodeAt(p + 2) === DASH))
      return null;
    if (!fieldEndsAt(line, p + 3)) return null;
    referer = null;
    userAgent = null;
    p += 4;
  } else if (!end.quotedAgent) {
    // A quoted referer, then "-": the last quote closes the referer.
    if (line.charCodeAt(p) !== QUOTE) return null;
    referer = absent(line.slice(p + 1, end.close));
    userAgent = null;
    p = end.close + 4;
  } else {
    // The last quote closes the user agent; the referer ends at the first `" "`.
    let refererEnd: number; // index of the space before the user agent
    if (line.charCodeAt(p) === DASH && line.charCodeAt(p + 1) === SPACE && line.charCodeAt(p + 2) === QUOTE) {
      refererEnd = p + 1;
      referer = null;
    } else if (line.charCodeAt(p) === QUOTE) {
      const close = line.indexOf('" "', p + 1);
      if (close < 0 || close + 2 >= end.close) return null;
      referer = absent(line.slice(p + 1, close));
      refererEnd = close + 1;
    } else return null;
    userAgent = absent(line.slice(refererEnd + 2, end.close));
    p = end.close + 2;
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
