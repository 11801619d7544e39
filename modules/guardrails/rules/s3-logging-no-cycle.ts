import { compliant, nonCompliant, notApplicable, type GuardrailRule } from "../types";

export const s3LoggingNoCycle: GuardrailRule = {
  id: "s3-logging-no-cycle",
  description: "Server access logging edges between buckets form no cycle.",
  fix: "Access-log buckets must not log into the buckets they receive logs from; leave access-log targets unlogged.",
  resourceTypes: ["aws_s3_bucket_logging"],
  evaluate(logging, stack) {
    const source = stack.bucket(logging.config.bucket);
    if (!source) return notApplicable;
    const next = (bucketAddress: string) =>
      stack
        .ofType("aws_s3_bucket_logging")
        .filter((l) => stack.bucket(l.config.bucket)?.address === bucketAddress)
        .map((l) => stack.bucket(l.config.target_bucket)?.address)
        .filter((a): a is string => a !== undefined);
    // Walk from this edge's target; a path back to the source is a cycle (a
    // bucket logging to itself is the other rule's finding).
    const seen = new Set<string>();
    const start = stack.bucket(logging.config.target_bucket)?.address;
    if (!start || start === source.address) return compliant;
    const toVisit: { at: string; trail: string[] }[] = [{ at: start, trail: [source.address, start] }];
    while (toVisit.length > 0) {
      const { at, trail } = toVisit.pop()!;
      if (seen.has(at)) continue;
      seen.add(at);
      for (const n of next(at)) {
        if (n === source.address) return nonCompliant(`logging cycle: ${[...trail, n].join(" -> ")}`);
        toVisit.push({ at: n, trail: [...trail, n] });
      }
    }
    return compliant;
  },
};
