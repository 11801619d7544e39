/**
 * Measures the detection catalog against CloudTrail records nobody here wrote: which
 * records reach a person, through which detection. Prints figures; asserts nothing.
 *
 *   npx tsx scripts/evaluate-detections.ts <file-or-dir>... [--benign <file-or-dir>...]
 *
 * Each file holds CloudTrail records: a JSON array, `{"Records": [...]}`, or one
 * record per line. Files before `--benign` are attack records; files after it are
 * benign records, of which none should page.
 *
 * "Reaches a person": a record matches a detection's metric filter (with the sample
 * placeholders filled in) or its EventBridge pattern (evaluated with the subset of
 * the pattern language the catalog uses). "Pages": it matches a critical or high
 * detection. A detection with a threshold above 1 needs that many such records in 5
 * minutes; its matches are counted apart, since one record alone does not alarm.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import {
  DETECTIONS,
  matchesFilterPattern,
  parseFilterPattern,
  renderPattern,
  type CloudTrailRecord,
  type Detection,
} from "../modules/detections";
import { SAMPLE_PARAMETERS, eventBridgeEvent } from "../modules/detections/samples";

function files(target: string): string[] {
  if (statSync(target).isDirectory())
    return readdirSync(target)
      .filter((f) => /\.(json|jsonl|ndjson)$/.test(f))
      .sort()
      .flatMap((f) => files(path.join(target, f)));
  return [target];
}

function records(file: string): CloudTrailRecord[] {
  const text = readFileSync(file, "utf8").trim();
  try {
    const json = JSON.parse(text) as unknown;
    if (Array.isArray(json)) return json as CloudTrailRecord[];
    const wrapped = (json as { Records?: unknown }).Records;
    return Array.isArray(wrapped) ? (wrapped as CloudTrailRecord[]) : [json as CloudTrailRecord];
  } catch {
    return text.split("\n").flatMap((l) => (l.trim() ? [JSON.parse(l) as CloudTrailRecord] : []));
  }
}

/** The EventBridge pattern language the catalog uses: values, exists, prefix, suffix, numeric, $or. */
export function matchesEventPattern(pattern: unknown, value: unknown): boolean {
  if (typeof pattern !== "object" || pattern === null) return false;
  if (Array.isArray(pattern)) {
    const values = Array.isArray(value) ? value : [value];
    return pattern.some((p) => {
      if (typeof p !== "object" || p === null) return values.some((v) => v === p);
      const m = p as Record<string, unknown>;
      if ("exists" in m) return m.exists ? value !== undefined : value === undefined;
      if ("prefix" in m) return values.some((v) => typeof v === "string" && v.startsWith(String(m.prefix)));
      if ("suffix" in m) return values.some((v) => typeof v === "string" && v.endsWith(String(m.suffix)));
      if ("numeric" in m) {
        const [op, bound] = m.numeric as [string, number];
        return values.some(
          (v) =>
            typeof v === "number" &&
            (
              { "<": v < bound, "<=": v <= bound, ">": v > bound, ">=": v >= bound, "=": v === bound } as Record<
                string,
                boolean
              >
            )[op],
        );
      }
      return false;
    });
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  return Object.entries(pattern as Record<string, unknown>).every(([k, p]) =>
    k === "$or"
      ? (p as unknown[]).some((branch) => matchesEventPattern(branch, value))
      : matchesEventPattern(p, typeof obj === "object" ? obj[k] : undefined),
  );
}

const compiled = DETECTIONS.map((d) => ({
  d,
  filter: d.filterPattern ? parseFilterPattern(renderPattern(d.filterPattern, SAMPLE_PARAMETERS)) : undefined,
}));

/** The detections a record reaches, through either channel. */
export function hits(r: CloudTrailRecord): Detection[] {
  const line = JSON.stringify(r);
  const event = eventBridgeEvent(r);
  const asEventBridge = { source: event.source, "detail-type": event.detailType, detail: event.detail };
  return compiled
    .filter(
      ({ d, filter }) =>
        (filter && matchesFilterPattern(filter, line)) ||
        (d.eventPattern && matchesEventPattern(d.eventPattern, asEventBridge)),
    )
    .map(({ d }) => d);
}

const pages = (d: Detection) => d.severity === "critical" || d.severity === "high";
const pct = (n: number, of: number) => (of === 0 ? "-" : `${((100 * n) / of).toFixed(1)}%`);

function main(): void {
  const args = process.argv.slice(2);
  const split = args.indexOf("--benign");
  const attackTargets = split < 0 ? args : args.slice(0, split);
  const benignTargets = split < 0 ? [] : args.slice(split + 1);
  if (attackTargets.length + benignTargets.length === 0) {
    console.error("usage: evaluate-detections <file-or-dir>... [--benign <file-or-dir>...]");
    process.exit(2);
  }

  let total = 0;
  let reached = 0;
  let onlyByCount = 0;
  let fileCount = 0;
  let filesReached = 0;
  if (attackTargets.length > 0) {
    console.log("attack records: reached / records (by threshold-1 detections; by counting ones only)");
    for (const file of attackTargets.flatMap(files)) {
      const rs = records(file);
      let fileReached = 0;
      let fileCount_ = 0;
      const ids = new Set<string>();
      for (const r of rs) {
        const h = hits(r);
        const single = h.filter((d) => (d.threshold ?? 1) === 1);
        if (single.length > 0) fileReached++;
        else if (h.length > 0) fileCount_++;
        h.forEach((d) => ids.add(d.id));
      }
      total += rs.length;
      reached += fileReached;
      fileCount++;
      if (fileReached + fileCount_ > 0) filesReached++;
      onlyByCount += fileCount_;
      console.log(
        `  ${path.basename(file).padEnd(70)} ${String(fileReached).padStart(4)} / ${String(rs.length).padEnd(4)} (+${fileCount_})  ${[...ids].join(", ")}`,
      );
    }
    console.log(
      `attack records: ${total}; reached by one record: ${reached} (${pct(reached, total)}); only by a count: ${onlyByCount} (${pct(onlyByCount, total)})`,
    );
    console.log(`files (one technique or rule each) with a record reached: ${filesReached} of ${fileCount}`);
  }

  if (benignTargets.length > 0) {
    let benign = 0;
    let paged = 0;
    let notified = 0;
    for (const file of benignTargets.flatMap(files)) {
      for (const r of records(file)) {
        benign++;
        const h = hits(r).filter((d) => (d.threshold ?? 1) === 1);
        if (h.some(pages)) {
          paged++;
          console.log(
            `  pages: ${r.eventSource} ${r.eventName} -> ${h
              .filter(pages)
              .map((d) => d.id)
              .join(", ")}`,
          );
        } else if (h.length > 0) notified++;
      }
    }
    console.log(
      `benign records: ${benign}; paged (critical or high): ${paged} (${pct(paged, benign)}); notified at medium or low: ${notified} (${pct(notified, benign)})`,
    );
  }
}

if (process.argv[1]?.endsWith("evaluate-detections.ts")) main();
