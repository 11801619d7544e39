import { parseAccessLog, parseAccessLogLine } from "../../../lambda-src/access-log-processor/parser";
import { parseWithAthenaRegex } from "../../../lambda-src/access-log-processor/regex-reference";
import { DOCUMENTED_LINES, prng } from "./fixtures";
import { accessLogTime } from "../../../lambda-src/access-log-processor/record";

describe("parseAccessLogLine", () => {
  test("the first documented line, every field typed", () => {
    expect(parseAccessLogLine(DOCUMENTED_LINES[0])).toEqual({
      bucketOwner: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
      bucket: "amzn-s3-demo-bucket1",
      time: "2019-02-06T00:00:38.000Z",
      remoteIp: "192.0.2.3",
      requester: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
      requestId: "3E57427F3EXAMPLE",
      operation: "REST.GET.VERSIONING",
      key: null,
      requestUri: "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1",
      httpStatus: 200,
      errorCode: null,
      bytesSent: 113,
      objectSize: null,
      totalTimeMs: 7,
      turnAroundTimeMs: null,
      referer: null,
      userAgent: "S3Console/0.4",
      versionId: null,
      hostId: "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
      signatureVersion: "SigV4",
      cipherSuite: "ECDHE-RSA-AES128-GCM-SHA256",
      authenticationType: "AuthHeader",
      hostHeader: "amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com",
      tlsVersion: "TLSV1.2",
      accessPointArn: "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP",
      aclRequired: "Yes",
      sourceRegion: null,
    });
  });

  test("the current format's newest field, Source region (2026), is parsed", () => {
    const r = parseAccessLogLine(`${DOCUMENTED_LINES[0]} us-east-1`)!;
    expect([r.aclRequired, r.sourceRegion]).toEqual(["Yes", "us-east-1"]);
    expect(parseWithAthenaRegex(`${DOCUMENTED_LINES[0]} us-east-1`)).toEqual(r);
    expect(parseAccessLogLine(`${DOCUMENTED_LINES[1]} -`)!.sourceRegion).toBeNull();
  });

  test("every documented line parses, and agrees with the Athena regex path", () => {
    for (const line of DOCUMENTED_LINES) {
      const record = parseAccessLogLine(line);
      expect(record).not.toBeNull();
      expect(record).toEqual(parseWithAthenaRegex(line));
    }
    const put = parseAccessLogLine(DOCUMENTED_LINES[4])!;
    expect([put.operation, put.key, put.objectSize, put.totalTimeMs, put.turnAroundTimeMs]).toEqual([
      "REST.PUT.OBJECT",
      "s3-dg.pdf",
      4406583,
      41754,
      28,
    ]);
    expect(parseAccessLogLine(DOCUMENTED_LINES[2])!.errorCode).toBe("NoSuchBucketPolicy");
  });

  test("a user agent with unescaped quotes and spaces is anchored on the fields after it", () => {
    const line = DOCUMENTED_LINES[0].replace('"S3Console/0.4"', '"Mozilla/5.0 "quoted" (X11; Linux) "odd"');
    const r = parseAccessLogLine(line)!;
    expect(r.userAgent).toBe('Mozilla/5.0 "quoted" (X11; Linux) "odd');
    expect(r.signatureVersion).toBe("SigV4");
    expect(r.aclRequired).toBe("Yes");
    // The regex path cannot: that is one reason not to use it.
    expect(parseWithAthenaRegex(line)?.userAgent).not.toBe(r.userAgent);
  });

  test("a request URI with quotes inside", () => {
    const line = DOCUMENTED_LINES[4].replace(
      '"PUT /amzn-s3-demo-bucket1/s3-dg.pdf HTTP/1.1"',
      '"PUT /b/a"b.pdf HTTP/1.1"',
    );
    expect(parseAccessLogLine(line)!.requestUri).toBe('PUT /b/a"b.pdf HTTP/1.1');
  });

  test("a user agent cannot forge the fields logged after it", () => {
    // The client writes the user agent: here it closes its quote early and appends
    // look-alike trailing fields, then reopens a quote that the real one closes.
    const forged = 'curl/8.0" - FORGEDHOSTID SigV2 NULL-CIPHER QueryString evil.example.com TLSv1 - No eu-north-1 "x';
    const line = DOCUMENTED_LINES[0].replace('"S3Console/0.4"', `"${forged}"`);
    const r = parseAccessLogLine(line)!;
    const real = parseAccessLogLine(DOCUMENTED_LINES[0])!;
    expect(r).toEqual({ ...real, userAgent: forged });
  });

  test("without a user agent, a referer cannot forge the fields logged after it either", () => {
    const forged = 'http://x" "a" - - SigV4 EVIL QueryString evil.example.com TLSv1.0 - Yes eu-evil-1';
    const line = DOCUMENTED_LINES[0].replace('"-" "S3Console/0.4"', `"${forged}" -`);
    const r = parseAccessLogLine(line)!;
    const real = parseAccessLogLine(DOCUMENTED_LINES[0])!;
    expect(r).toEqual({ ...real, referer: forged, userAgent: null });
    // Both absent, unquoted.
    expect(parseAccessLogLine(DOCUMENTED_LINES[0].replace('"-" "S3Console/0.4"', "- -"))).toEqual({
      ...real,
      referer: null,
      userAgent: null,
    });
  });

  test("extra trailing fields after Source region are ignored; older lines without the trailing fields parse", () => {
    expect(parseAccessLogLine(`${DOCUMENTED_LINES[0]} us-east-1 future-field another`)).toEqual(
      parseAccessLogLine(`${DOCUMENTED_LINES[0]} us-east-1`),
    );
    const old = DOCUMENTED_LINES[0].slice(0, DOCUMENTED_LINES[0].indexOf('"S3Console/0.4"') + '"S3Console/0.4"'.length);
    const r = parseAccessLogLine(old)!;
    expect([r.userAgent, r.versionId, r.signatureVersion, r.aclRequired]).toEqual(["S3Console/0.4", null, null, null]);
  });

  test('"-" and - are empty; a time zone offset is applied', () => {
    const r = parseAccessLogLine(DOCUMENTED_LINES[0].replace("+0000", "+0200").replace('"-"', "-"))!;
    expect(r.time).toBe("2019-02-05T22:00:38.000Z");
    expect(r.referer).toBeNull();
  });

  test.each([
    ["empty", ""],
    ["a word", "hello"],
    ["no time", DOCUMENTED_LINES[0].replace("[06/Feb/2019:00:00:38 +0000]", "06/Feb/2019")],
    ["a bad month", DOCUMENTED_LINES[0].replace("Feb", "Fev")],
    ["a text status", DOCUMENTED_LINES[0].replace('HTTP/1.1" 200', 'HTTP/1.1" OK')],
    ["a text byte count", DOCUMENTED_LINES[0].replace(" 113 ", " lots ")],
    ["a truncated line", DOCUMENTED_LINES[0].slice(0, 150)],
    ["31 February", DOCUMENTED_LINES[0].replace("06/Feb/2019", "31/Feb/2019")],
    ["29 February of a common year", DOCUMENTED_LINES[0].replace("06/Feb/2019", "29/Feb/2019")],
    ["the year 0019", DOCUMENTED_LINES[0].replace("06/Feb/2019", "06/Feb/0019")],
    ["an offset of +9999", DOCUMENTED_LINES[0].replace("+0000", "+9999")],
    ["an offset of -1460", DOCUMENTED_LINES[0].replace("+0000", "-1460")],
    ["a 61st second", DOCUMENTED_LINES[0].replace("00:00:38", "00:00:61")],
  ])("%s is not a record", (_what, line) => {
    expect(parseAccessLogLine(line)).toBeNull();
  });
});

test("UTC times are written without a Date, exactly as Date would write them", () => {
  const random = prng(7);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  for (let i = 0; i < 2_000; i++) {
    const utc = Date.UTC(2006, 0, 1) + Math.floor(random() * 40 * 365 * 86_400) * 1000;
    const d = new Date(utc);
    const raw = `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
    expect(accessLogTime(raw)).toBe(d.toISOString());
  }
});

test("29 February of a leap year and the widest real offsets are dates", () => {
  expect(parseAccessLogLine(DOCUMENTED_LINES[0].replace("06/Feb/2019", "29/Feb/2028"))!.time).toBe(
    "2028-02-29T00:00:38.000Z",
  );
  expect(parseAccessLogLine(DOCUMENTED_LINES[0].replace("+0000", "+1400"))!.time).toBe("2019-02-05T10:00:38.000Z");
});

describe("parseAccessLog", () => {
  test("counts unparseable lines instead of failing, and keeps a few for the log", () => {
    const text = [DOCUMENTED_LINES[0], "garbage", "", DOCUMENTED_LINES[1], "more garbage\r", DOCUMENTED_LINES[2]].join(
      "\n",
    );
    const parsed = parseAccessLog(text);
    expect(parsed.records).toHaveLength(3);
    expect(parsed.unparseable).toBe(2);
    expect(parsed.samplesOfUnparseable).toEqual(["garbage", "more garbage"]);
  });

  test("fuzz: 12,000 corrupted lines never throw, and every record they yield is well-formed", () => {
    const random = prng(20261123);
    const noise = ['"', "[", "]", " ", "-", "\\", "\u0000", "ü", "\t", "0"];
    let records = 0;
    for (let i = 0; i < 12_000; i++) {
      let line = DOCUMENTED_LINES[i % DOCUMENTED_LINES.length];
      const edits = 1 + Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (line.length + 1));
        const kind = random();
        if (kind < 0.35) line = line.slice(0, at) + line.slice(at + 1 + Math.floor(random() * 20));
        else if (kind < 0.7) line = line.slice(0, at) + noise[Math.floor(random() * noise.length)] + line.slice(at);
        else if (kind < 0.85) line = line.slice(0, at);
        else line = line.slice(at) + line.slice(0, at);
      }
      const r = parseAccessLogLine(line);
      if (r) {
        records++;
        expect(Number.isNaN(Date.parse(r.time))).toBe(false);
        for (const n of [r.httpStatus, r.bytesSent, r.objectSize, r.totalTimeMs, r.turnAroundTimeMs]) {
          expect(n === null || Number.isInteger(n)).toBe(true);
        }
      }
    }
    // Some corruptions still leave a valid record (a changed key, say); most do not.
    expect(records).toBeGreaterThan(0);
    expect(records).toBeLessThan(12_000);
  });

  test("fuzz: 5,000 user agents with injected quotes and look-alike fields never change another field", () => {
    const random = prng(20261124);
    const pieces = [
      '"',
      '" ',
      ' "',
      " - ",
      "SigV4",
      "SigV2",
      " Yes ",
      " us-east-1",
      "-",
      " ",
      "a",
      "Mozilla/5.0",
      '""',
    ];
    const base = DOCUMENTED_LINES.map((l) => `${l} eu-west-1`);
    for (let i = 0; i < 5_000; i++) {
      const line = base[i % base.length];
      let agent = "";
      const length = 1 + Math.floor(random() * 12);
      for (let k = 0; k < length; k++) agent += pieces[Math.floor(random() * pieces.length)];
      const expected = { ...parseAccessLogLine(line)!, userAgent: agent === "-" ? null : agent };
      const r = parseAccessLogLine(line.replace('"S3Console/0.4"', `"${agent}"`));
      expect({ agent, r }).toEqual({ agent, r: expected });
      // The same text as a referer, with no user agent, forges nothing either.
      const asReferer = parseAccessLogLine(line.replace('"-" "S3Console/0.4"', `"${agent}" -`));
      expect({ agent, asReferer }).toEqual({
        agent,
        asReferer: { ...parseAccessLogLine(line)!, referer: agent === "-" ? null : agent, userAgent: null },
      });
    }
  });
});
