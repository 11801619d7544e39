import { Testing } from "cdktf";
import { DETECTIONS, SERVICE_FINDINGS, renderPattern } from "../../modules/detections";
import { SAMPLE_PARAMETERS } from "../../modules/detections/samples";
import { AccountBaselineStack } from "../../stacks/account-baseline-stack";
import { topology } from "../../config/topology";
import { OrgTrailStack } from "../../stacks/org-trail-stack";
import { SecurityEventsStack } from "../../stacks/security-events-stack";
import { exampleConfig, resourcesOf, synthStack } from "../helpers";

describe("detections in the organization", () => {
  test("the trail's stack alarms on every detection, through an encrypted topic with the configured subscribers", () => {
    const config = exampleConfig((r) => (r.notifications.httpsEndpoints = ["https://hooks.example.com/aws"]));
    const out = synthStack(new OrgTrailStack(Testing.app(), "org-trail", config));
    const filters = resourcesOf(out, "aws_cloudwatch_log_metric_filter");
    // The example organization is named "example", as the samples are.
    const params = {
      ...SAMPLE_PARAMETERS,
      trailLogGroup: "${aws_cloudwatch_log_group.organization-trail_log-group_0C99523B.name}",
    };
    const expected = DETECTIONS.flatMap((d) => (d.filterPattern ? [renderPattern(d.filterPattern, params)] : []));
    expect(filters.map((f) => f.pattern).sort()).toEqual(expected.sort());
    const group = resourcesOf(out, "aws_cloudwatch_log_group")[0];
    for (const f of filters) expect(f.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\./);
    expect(group.name).toBe("example/cloudtrail/example-org-trail");
    expect(resourcesOf(out, "aws_cloudwatch_metric_alarm")).toHaveLength(expected.length);
    const topic = resourcesOf(out, "aws_sns_topic")[0];
    expect(topic.name).toBe("example-security-alarms");
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(
      resourcesOf(out, "aws_sns_topic_subscription")
        .map((s) => s.endpoint)
        .sort(),
    ).toEqual(["https://hooks.example.com/aws", "security@example.com"]);
  });

  test("the central bus lives in the security account, home region", () => {
    const stack = new SecurityEventsStack(Testing.app(), "security-events", exampleConfig());
    expect([stack.accountId, stack.region]).toEqual(["333333333333", "eu-west-1"]);
    const out = synthStack(stack);
    expect(resourcesOf(out, "aws_cloudwatch_event_bus")[0].name).toBe("example-security-events");
    const rules = resourcesOf(out, "aws_cloudwatch_event_rule");
    expect(rules.filter((r) => r.name !== "example-security-responder")).toHaveLength(
      DETECTIONS.filter((d) => d.eventPattern).length + SERVICE_FINDINGS.length,
    );
    // The responder listens on the same bus.
    expect(rules.find((r) => r.name === "example-security-responder")!.event_bus_name).toMatch(
      /^\$\{aws_cloudwatch_event_bus\./,
    );
  });

  test("without a security account, the bus lives with the trail", () => {
    const noSecurity = exampleConfig((r) => {
      delete r.accounts.security;
      r.archive.readers = [];
      r.audit.athena.enabled = false;
    });
    expect(new SecurityEventsStack(Testing.app(), "security-events", noSecurity).accountId).toBe("111111111111");
    const delegated = exampleConfig((r) => {
      delete r.accounts.security;
      r.archive.readers = [];
      r.audit.athena.enabled = false;
      r.trail.delegatedAdministrator = "444444444444";
    });
    expect(new SecurityEventsStack(Testing.app(), "security-events", delegated).accountId).toBe("444444444444");
  });

  test("every account's remediation role trusts the role of the responder the security-events stack creates", () => {
    const config = exampleConfig();
    const central = new SecurityEventsStack(Testing.app(), "security-events", config);
    const responderRole = resourcesOf(synthStack(central), "aws_iam_role").find((r) =>
      r.name.endsWith("security-responder"),
    )!;
    const baseline = synthStack(
      new AccountBaselineStack(
        Testing.app(),
        "baseline-payments-prod-eu-west-1",
        config,
        config.accounts.members[0],
        "eu-west-1",
      ),
    );
    const remediation = resourcesOf(baseline, "aws_iam_role").find((r) => r.name === "example-security-remediation")!;
    expect(JSON.parse(remediation.assume_role_policy).Statement[0].Principal).toEqual({
      AWS: `arn:aws:iam::${central.accountId}:role/${responderRole.name}`,
    });
  });

  test("every account's baseline in every region forwards to the central bus", () => {
    const config = exampleConfig();
    const member = config.accounts.members[0];
    const out = synthStack(
      new AccountBaselineStack(Testing.app(), "baseline-payments-prod-us-east-1", config, member, "us-east-1"),
    );
    expect(out.provider!.aws[0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["444444444444"] });
    expect(resourcesOf(out, "aws_cloudwatch_event_target")[0].arn).toBe(
      "arn:aws:events:eu-west-1:333333333333:event-bus/example-security-events",
    );
    expect(resourcesOf(out, "aws_iam_role").map((r) => r.name)).toContain("example-forward-security-events-us-east-1");
    expect(topology(config).baselineRegions).toEqual(["eu-west-1", "us-east-1"]);
  });
});
