import { Testing } from "cdktf";
import {
  CONFIG_RULES,
  DETECTIONS,
  SERVICE_FINDINGS,
  enabledFindings,
  findingForwardingPattern,
  findingNotificationTemplate,
  findingPattern,
  type ServiceEvent,
} from "../../modules/detections";
import { forwardingPattern, SecurityEventBus } from "../../modules/security-events";
import { RESPONDER_EVENT_NAMES, responderEventPattern } from "../../modules/security-responder";
import { resourcesOf } from "../helpers";
import { deliverThroughEventBridge, routeThroughEventBridge, type SampleEvent } from "../support/eventbridge";
import { AlarmTopic } from "../../modules/alarm-topic";

const asSample = (e: ServiceEvent): SampleEvent => ({
  source: e.source,
  detailType: e["detail-type"],
  detail: e.detail,
  account: e.account,
  region: e.region,
});

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The leaf paths of a pattern, its $or branches left aside. */
function leaves(p: Json, prefix: string[]): string[] {
  return Object.entries(p).flatMap(([k, v]) =>
    k === "$or" ? [] : isObj(v) ? leaves(v, [...prefix, k]) : [[...prefix, k].join(".")],
  );
}

/** Fields a $or branch repeats from around it: EventBridge does not AND them (moto does). */
export function fieldsRepeatedInOr(pattern: unknown, prefix: string[] = [], around: string[] = []): string[] {
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
  test.each(SERVICE_FINDINGS.map((f) => [f.id, f]))(
    "%s: EventBridge routes its positive samples and drops its negative ones",
    async (_id, f) => {
      const pattern = findingPattern(f, "example");
      const positive = await routeThroughEventBridge(pattern, f.samples.positive.map(asSample));
      const negative = await routeThroughEventBridge(pattern, f.samples.negative.map(asSample));
      expect(positive).toEqual(f.samples.positive.map(() => true));
      expect(negative).toEqual(f.samples.negative.map(() => false));
    },
  );

  test("every finding has samples both ways, a runbook and ids unlike any detection's", () => {
    const ids = new Set(DETECTIONS.map((d) => d.id));
    for (const f of SERVICE_FINDINGS) {
      expect(ids.has(f.id)).toBe(false);
      expect(f.samples.positive.length).toBeGreaterThan(0);
      expect(f.samples.negative.length).toBeGreaterThan(0);
      expect(f.runbook.contain.length).toBeGreaterThan(0);
    }
  });

  test("the Config finding matches the conformance pack's rules as Config names them in each account", async () => {
    const f = SERVICE_FINDINGS.find((x) => x.id === "config-rule-noncompliant")!;
    const pattern = findingPattern(f, "example");
    const base = asSample(f.samples.positive[0]);
    const named = (name: string): SampleEvent => ({ ...base, detail: { ...base.detail, configRuleName: name } });
    const routed = await routeThroughEventBridge(
      pattern,
      CONFIG_RULES.map((r) => named(`example-${r.name}-conformance-pack-a1b2c3d4e`)),
    );
    expect(routed).toEqual(CONFIG_RULES.map(() => true));
    // The branch that names the other rules cannot catch the logging rule by prefix.
    for (const r of CONFIG_RULES.filter((x) => x.name !== "s3-bucket-logging-enabled"))
      expect("s3-bucket-logging-enabled".startsWith(r.name)).toBe(false);
    // A rule of another organization's prefix does not match.
    expect(await routeThroughEventBridge(pattern, [named("other-s3-bucket-encrypted-conformance-pack-x")])).toEqual([
      false,
    ]);
  });

  test("notifications read WHO, WHAT, WHEN, WHERE, HOW and the runbook", async () => {
    const f = SERVICE_FINDINGS.find((x) => x.id === "access-analyzer-s3-finding")!;
    const [body] = await deliverThroughEventBridge(findingPattern(f, "example"), [asSample(f.samples.positive[1])], {
      inputPaths: f.inputPaths,
      inputTemplate: findingNotificationTemplate(f, "docs/runbooks"),
    });
    const lines = (JSON.parse(body!) as string).split("\n");
    expect(lines[0]).toBe("[HIGH] IAM Access Analyzer: a bucket is reachable from outside the organization");
    expect(lines[1]).toBe("WHO:   *");
    // EventBridge writes a boolean as true; moto, in Python, as True.
    expect(lines[2]).toMatch(
      /^WHAT: {2}s3:GetObject \(and any other actions of the finding\) on arn:aws:s3:::example-payments-prod-data, public: [Tt]rue$/,
    );
    expect(lines[3]).toBe("WHEN:  2026-11-21T01:14:07Z");
    expect(lines[4]).toBe("WHERE: account 444444444444, eu-west-1");
    expect(lines[6]).toBe("Runbook: docs/runbooks/access-analyzer-s3-finding.md");
  });

  test("the forwarding rules carry every finding sample to the central bus, within the pattern size limit", async () => {
    const pattern = forwardingPattern(DETECTIONS, RESPONDER_EVENT_NAMES, SERVICE_FINDINGS);
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
    const samples = SERVICE_FINDINGS.flatMap((f) => f.samples.positive).map(asSample);
    expect(await routeThroughEventBridge(pattern, samples)).toEqual(samples.map(() => true));
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
