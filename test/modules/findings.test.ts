import { Testing } from "cdktf";
import {
  DETECTIONS,
  SERVICE_FINDINGS,
  enabledFindings,
  findingForwardingPattern,
  findingPattern,
} from "../../modules/detections";
import { forwardingPattern, SecurityEventBus } from "../../modules/security-events";
import { RESPONDER_EVENT_NAMES, responderEventPattern } from "../../modules/security-responder";
import { resourcesOf } from "../helpers";
import { AlarmTopic } from "../../modules/alarm-topic";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The leaf paths of a pattern, its $or branches left aside. */
function leaves(p: Json, prefix: string[]): string[] {
  return Object.entries(p).flatMap(([k, v]) =>
    k === "$or" ? [] : isObj(v) ? leaves(v, [...prefix, k]) : [[...prefix, k].join(".")],
  );
}

/** Fields a $or branch repeats from around it: EventBridge does not AND them (moto does). */
function fieldsRepeatedInOr(pattern: unknown, prefix: string[] = [], around: string[] = []): string[] {
  if (!isObj(pattern)) return [];
  const here = [...around, ...leaves(pattern, prefix)];
  const found: string[] = [];
  const visit = (node: Json, path: string[]) => {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$or" && Array.isArray(v)) {
        for (const branch of v as Json[]) {
          found.push(...leaves(branch, path).filter((l) => here.includes(l)));
          found.push(...fieldsRepeatedInOr(branch, path, here));
        }
      } else if (isObj(v)) visit(v, [...path, k]);
    }
  };
  visit(pattern, prefix);
  return found;
}

describe("every EventBridge pattern names each field once", () => {
  test("the check finds a field repeated inside a $or branch, at any depth", () => {
    expect(fieldsRepeatedInOr({ detail: { a: [1], $or: [{ a: [2] }, { b: [3] }] } })).toEqual(["detail.a"]);
    expect(fieldsRepeatedInOr({ detail: { x: { y: [1] }, $or: [{ x: { z: [1] } }] } })).toEqual([]);
    expect(fieldsRepeatedInOr({ $or: [{ detail: { a: [1], $or: [{ a: [1] }] } }] })).toEqual(["detail.a"]);
  });

  test("detections, findings, forwarding and the responder's rule", () => {
    const patterns: [string, unknown][] = [
      ...DETECTIONS.filter((d) => d.eventPattern).map((d): [string, unknown] => [d.id, d.eventPattern]),
      ...SERVICE_FINDINGS.map((f): [string, unknown] => [f.id, findingPattern(f, "example")]),
      ["forwarding", forwardingPattern(DETECTIONS, RESPONDER_EVENT_NAMES, SERVICE_FINDINGS)],
      ["responder", responderEventPattern()],
    ];
    expect(patterns.filter(([, p]) => fieldsRepeatedInOr(p).length > 0).map(([id]) => id)).toEqual([]);
  });
});

describe("audit service findings", () => {
  test("every finding has samples both ways, a runbook and ids unlike any detection's", () => {
    const ids = new Set(DETECTIONS.map((d) => d.id));
    for (const f of SERVICE_FINDINGS) {
      expect(ids.has(f.id)).toBe(false);
      expect(f.samples.positive.length).toBeGreaterThan(0);
      expect(f.samples.negative.length).toBeGreaterThan(0);
      expect(f.runbook.contain.length).toBeGreaterThan(0);
    }
  });

  test("the forwarding rule's pattern stays within EventBridge's size limit; no findings, no rule", () => {
    const pattern = forwardingPattern(DETECTIONS, RESPONDER_EVENT_NAMES, SERVICE_FINDINGS);
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
    expect(findingForwardingPattern([])).toBeUndefined();
  });

  test("a service switched off is neither notified nor forwarded", () => {
    const on = enabledFindings({ config: true, accessAnalyzer: false, trustedAdvisor: false });
    expect(on.map((f) => f.id)).toEqual(["config-rule-noncompliant"]);
    expect(findingForwardingPattern(on)).toEqual({
      source: ["aws.config"],
      "detail-type": ["Config Rules Compliance Change"],
    });
    const out = Testing.synthScope((s) => {
      new SecurityEventBus(s, "bus", {
        busName: "example-security-events",
        organizationId: "o-exampleorg1",
        detections: [],
        findings: on,
        topic: AlarmTopic.fromArn("arn:aws:sns:eu-west-1:333333333333:notify"),
        namePrefix: "example",
      });
    });
    expect(resourcesOf(out, "aws_cloudwatch_event_rule").map((r) => r.name)).toEqual([
      "example-config-rule-noncompliant",
    ]);
  });
});
