import { absent, accessLogTime, numberField, type AccessLogRecord } from "./record";

import { ACCESS_LOG_REGEX } from "../../modules/log-analytics/tables";

/**
 * The RegexSerDe pattern of the Athena access-log table, and the conversion of its
 * groups into the same typed record. It is the reference the benchmark measures the
 * parser against, and the tests check that both read the corpus alike; the handler
 * does not use it.
 */
export const ATHENA_ACCESS_LOG_REGEX = new RegExp(ACCESS_LOG_REGEX);

const unquote = (v: string | undefined) => (v && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

export function parseWithAthenaRegex(line: string): AccessLogRecord | null {
  const g = ATHENA_ACCESS_LOG_REGEX.exec(line);
  if (!g) return null;
  const time = accessLogTime(g[3]);
  const nums = [g[10], g[12], g[13], g[14], g[15]].map(numberField);
  if (!time || nums.includes(undefined)) return null;
  return {
    bucketOwner: absent(g[1]),
    bucket: absent(g[2]),
    time,
    remoteIp: absent(g[4]),
    requester: absent(g[5]),
    requestId: absent(g[6]),
    operation: absent(g[7]),
    key: absent(g[8]),
    requestUri: absent(unquote(g[9])),
    httpStatus: nums[0]!,
    errorCode: absent(g[11]),
    bytesSent: nums[1]!,
    objectSize: nums[2]!,
    totalTimeMs: nums[3]!,
    turnAroundTimeMs: nums[4]!,
    referer: absent(unquote(g[16])),
    userAgent: absent(unquote(g[17])),
    versionId: absent(g[18]),
    hostId: absent(g[19]),
    signatureVersion: absent(g[20]),
    cipherSuite: absent(g[21]),
    authenticationType: absent(g[22]),
    hostHeader: absent(g[23]),
    tlsVersion: absent(g[24]),
    accessPointArn: absent(g[25]),
    aclRequired: absent(g[26]),
    sourceRegion: absent(g[27]),
  };
}
