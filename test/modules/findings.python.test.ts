import {
  CONFIG_RULES,
  DETECTIONS,
  SERVICE_FINDINGS,
  findingNotificationTemplate,
  findingPattern,
  type ServiceEvent,
} from "../../modules/detections";
import { forwardingPattern } from "../../modules/security-events";
import { RESPONDER_EVENT_NAMES } from "../../modules/security-responder";
import { deliverThroughEventBridge, routeThroughEventBridge, type SampleEvent } from "../support/eventbridge";

const asSample = (e: ServiceEvent): SampleEvent => ({
  source: e.source,
  detailType: e["detail-type"],
  detail: e.detail,
  account: e.account,
  region: e.region,
});

describe("audit service findings through EventBridge (moto)", () => {
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

  test("the forwarding rules carry every finding sample to the central bus", async () => {
    const pattern = forwardingPattern(DETECTIONS, RESPONDER_EVENT_NAMES, SERVICE_FINDINGS);
    const samples = SERVICE_FINDINGS.flatMap((f) => f.samples.positive).map(asSample);
    expect(await routeThroughEventBridge(pattern, samples)).toEqual(samples.map(() => true));
  });
});
