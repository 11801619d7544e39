import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3LoggingNoCycle: GuardrailRule = {
  id: "s3-logging-no-cycle",
  description: "Server access logging edges between buckets form no cycle.",
  fix: "Access-log buckets must not log into the buckets they receive logs from; leave access-log targets unlogged.",
  resourceTypes: ["aws_s3_bucket_logging", "aws_s3_bucket"],
  evaluate(resource, stack) {
    const edges = stack.loggingEdges();
    const mine = edges.filter((e) => e.declaredBy.address === resource.address && e.source && e.target);
    if (mine.length === 0) return notApplicable;
    const next = (at: string) =>
      edges.filter((e) => e.source?.address === at && e.target).map((e) => e.target!.address);
    for (const edge of mine) {
      const source = edge.source!.address;
      const start = edge.target!.address;
      // A bucket logging to itself is the other rule's finding.
      if (start === source) continue;
      const seen = new Set<string>();
      const toVisit: { at: string; trail: string[] }[] = [{ at: start, trail: [source, start] }];
      while (toVisit.length > 0) {
        const { at, trail } = toVisit.pop()!;
        if (seen.has(at)) continue;
        seen.add(at);
        for (const n of next(at)) {
          if (n === source) return nonCompliant(`logging cycle: ${[...trail, n].join(" -> ")}`);
          toVisit.push({ at: n, trail: [...trail, n] });
        }
      }
    }
    return compliant;
  },
};
