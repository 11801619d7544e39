/**
 * Benchmarks of the Lambda code. Prints figures; asserts nothing.
 *
 *   npm run bench            # 200 MB generated access log
 *   npm run bench -- 50      # another size, in MB
 *
 * - the access-log parser's throughput, next to applying the Athena RegexSerDe regex
 *   for the same format and converting its groups into the same typed record;
 * - the zipped size of each Lambda bundle (dist/lambda/<name>.zip, built by
 *   npm run bundle) and the cold import time of each handler.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseAccessLogLine } from "../lambda-src/access-log-processor/parser";
import { parseWithAthenaRegex } from "../lambda-src/access-log-processor/regex-reference";

const MB = 1024 * 1024;
const targetMb = Number(process.argv[2] ?? 200);

function generateLog(bytes: number): string {
  const ops = [
    ["REST.GET.OBJECT", "GET", 200, "-"],
    ["REST.PUT.OBJECT", "PUT", 200, "-"],
    ["REST.GET.BUCKET", "GET", 200, "-"],
    ["REST.HEAD.OBJECT", "HEAD", 404, "NoSuchKey"],
    ["REST.DELETE.OBJECT", "DELETE", 204, "-"],
    ["REST.GET.OBJECT", "GET", 403, "AccessDenied"],
  ] as const;
  const agents = [
    '"aws-sdk-java/2.20.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17"',
    '"S3Console/0.4"',
    '"aws-cli/2.18.0 Python/3.12"',
    '"-"',
  ];
  const lines: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const [op, verb, status, error] = ops[i % ops.length];
    const key = `data/2026/11/${(i % 997).toString().padStart(4, "0")}/part-${i}.parquet`;
    const line =
      `79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be example-payments-prod-data [23/Nov/2026:10:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} +0000] ` +
      `10.0.${i % 256}.${(i * 13) % 256} arn:aws:sts::444444444444:assumed-role/app/i-${i % 50} ${(1e15 + i).toString(16).toUpperCase()} ${op} ${key} ` +
      `"${verb} /example-payments-prod-data/${key} HTTP/1.1" ${status} ${error} ${(i * 31) % 100000} ${(i * 17) % 5000000} ${i % 300} ${i % 100} "-" ${agents[i % agents.length]} - ` +
      `s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader example-payments-prod-data.s3.eu-west-1.amazonaws.com TLSv1.3 - -`;
    lines.push(line);
    size += line.length + 1;
    i++;
  }
  return lines.join("\n");
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function timeOnce(lines: string[], parse: (l: string) => unknown): { seconds: number; parsed: number } {
  gc();
  let parsed = 0;
  const start = process.hrtime.bigint();
  for (const l of lines) if (parse(l)) parsed++;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, parsed };
}

console.log(`generating a ${targetMb} MB access log...`);
const text = generateLog(targetMb * MB);
const megabytes = Buffer.byteLength(text) / MB;
const lines = text.split("\n");
const paths: [string, (l: string) => unknown][] = [
  ["parser (lambda-src)", parseAccessLogLine],
  ["Athena RegexSerDe regex + convert", parseWithAthenaRegex],
];
// Warm both up, then alternate them so that neither always runs first (after the
// generator's garbage) or last.
for (const [, parse] of paths) for (let i = 0; i < 20_000; i++) parse(lines[i % lines.length]);
const rounds = 3;
const seconds: number[][] = paths.map(() => []);
let records = 0;
for (let r = 0; r < rounds; r++) {
  for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
    const t = timeOnce(lines, paths[i][1]);
    seconds[i].push(t.seconds);
    records = t.parsed;
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `access-log parsing, ${megabytes.toFixed(0)} MB, ${lines.length} lines, ${records} records, median of ${rounds} alternating rounds:`,
);
const rates = paths.map(([name], i) => {
  const rate = megabytes / median(seconds[i]);
  console.log(
    `  ${name.padEnd(34)} ${rate.toFixed(1).padStart(7)} MB/s  (runs: ${seconds[i].map((x) => x.toFixed(2)).join(", ")} s)`,
  );
  return rate;
});
console.log(`  parser / regex: ${(rates[0] / rates[1]).toFixed(2)}x`);

const dist = path.join(__dirname, "..", "dist", "lambda");
if (existsSync(dist)) {
  console.log("Lambda bundles:");
  for (const f of readdirSync(dist).filter((x) => x.endsWith(".zip"))) {
    const name = f.replace(/\.zip$/, "");
    const kib = statSync(path.join(dist, f)).size / 1024;
    const handler = path.join(dist, name, "index.js");
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = spawnSync(
        process.execPath,
        [
          "-e",
          `const t=process.hrtime.bigint();require(${JSON.stringify(handler)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
        ],
        {
          encoding: "utf8",
          env: { ...process.env, AWS_REGION: "eu-west-1" },
        },
      );
      runs.push(Number(r.stdout.trim()));
    }
    runs.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(24)} ${kib.toFixed(0).padStart(6)} KiB zipped, cold import median ${runs[2].toFixed(0)} ms`,
    );
  }
} else {
  console.log("Lambda bundles: none built (npm run bundle)");
}
