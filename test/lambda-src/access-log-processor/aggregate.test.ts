import { aggregate, requestClass } from "../../../lambda-src/access-log-processor/aggregate";
import { logEventBatches } from "../../../lambda-src/access-log-processor/index";
import { parseAccessLogLine } from "../../../lambda-src/access-log-processor/parser";
import { plainText } from "../../../lambda-src/access-log-processor/text";
import { deniedLine, multiDeleteLines } from "./fixtures";

describe("logEventBatches", () => {
  test("keeps every PutLogEvents call under 1 MiB and 10,000 events", () => {
    const big = Array.from({ length: 3000 }, (_, i) => ({ timestamp: i, message: "x".repeat(800) }));
    const batches = logEventBatches(big);
    expect(batches.length).toBeGreaterThan(2);
    for (const b of batches) expect(b.reduce((n, e) => n + e.message.length + 26, 0)).toBeLessThanOrEqual(1_000_000);
    expect(batches.flat()).toHaveLength(3000);
    expect(
      logEventBatches(Array.from({ length: 25_000 }, (_, i) => ({ timestamp: i, message: "x" }))).map((b) => b.length),
    ).toEqual([10_000, 10_000, 5_000]);
  });
});

describe("aggregate", () => {
  test("classifies requests", () => {
    expect(
      [
        "REST.GET.OBJECT",
        "REST.PUT.OBJECT",
        "REST.COPY.OBJECT",
        "REST.DELETE.OBJECT",
        "REST.GET.BUCKET",
        "REST.HEAD.OBJECT",
        "REST.GET.VERSIONING",
        null,
        "WEBSITE.GET.OBJECT",
        "REST.POST.MULTI_OBJECT_DELETE",
        "REST.COPY.OBJECT_GET",
        "REST.COPY.PART_GET",
        "REST.COPY.PART",
        "REST.POST.UPLOAD",
        "BATCH.DELETE.OBJECT",
        "S3.EXPIRE.OBJECT",
      ].map(requestClass),
    ).toEqual([
      ...["GET", "PUT", "PUT", "DELETE", "LIST", "HEAD", "OTHER", "OTHER"],
      ...["GET", "DELETE", "GET", "GET", "PUT", "PUT", null, null],
    ]);
  });

  test("counts deleted objects, multi-object deletes included, and flags requesters at the threshold", () => {
    const records = multiDeleteLines().map((l) => parseAccessLogLine(l)!);
    const m = aggregate(records, 20, 3).get("amzn-s3-demo-bucket1")!;
    expect([m.requests.DELETE, m.deletedObjects, m.deletionBursts]).toEqual([
      1,
      3,
      ["requester:79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"],
    ]);
    expect(aggregate(records, 20, 4).get("amzn-s3-demo-bucket1")!.deletionBursts).toEqual([]);
  });

  test("plainText refuses what is not text", () => {
    expect(plainText(new TextEncoder().encode("a b c\n"))).toBe("a b c\n");
    expect(() => plainText(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/gzip/);
    expect(() => plainText(Uint8Array.from([0x61, 0, 0x62]))).toThrow(/NUL/);
    // One client's invalid byte is replaced, not fatal; bytes that are mostly invalid are not text.
    expect(plainText(Uint8Array.from([0x61, 0xc3, 0x28, 0x62]))).toBe("a\uFFFD(b");
    expect(() => plainText(Uint8Array.from({ length: 400 }, (_, i) => (i % 2 ? 0xff : 0x41)))).toThrow(
      /not UTF-8 text/,
    );
  });

  test("flags denied bursts per remote IP and per requester at the threshold", () => {
    const records = Array.from({ length: 5 }, (_, i) => parseAccessLogLine(deniedLine(i))!);
    expect(aggregate(records, 5).get("amzn-s3-demo-bucket1")!.deniedBursts).toEqual([
      "ip:198.51.100.7",
      "requester:79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
    ]);
    expect(aggregate(records, 6).get("amzn-s3-demo-bucket1")!.deniedBursts).toEqual([]);
  });
});
