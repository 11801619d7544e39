import {
  DETECTIONS,
  detection,
  matchesFilterPattern,
  parseFilterPattern,
  renderPattern,
  type Detection,
} from "../../../modules/detections";
import { SAMPLE_PARAMETERS } from "../../../modules/detections/samples";
import { recordLabel as label } from "../../helpers";

const sampleCount = DETECTIONS.reduce((n, d) => n + d.samples.positive.length + d.samples.negative.length, 0);
// The EventBridge patterns are run over the same samples in catalog.python.test.ts.

describe("the detection catalog", () => {
  test("ids are unique and every entry is complete", () => {
    const ids = DETECTIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DETECTIONS) {
      expect([d.id, d.samples.positive.length > 0, d.samples.negative.length > 0]).toEqual([d.id, true, true]);
      // Every detection reaches a person: an alarm, a real-time notification, or both.
      expect([d.id, Boolean(d.filterPattern || d.eventPattern)]).toEqual([d.id, true]);
      expect([d.id, d.runbook.contain.length > 0, d.runbook.recover.length > 0]).toEqual([d.id, true, true]);
      expect(d.id).toMatch(/^[a-z0-9.-]+$/);
    }
  });

  test("fits on one log group: CloudWatch Logs allows 100 metric filters per group", () => {
    expect(DETECTIONS.filter((d) => d.filterPattern).length).toBeLessThanOrEqual(100);
  });

  test("covers CIS AWS Foundations v5 monitoring controls 4.1 to 4.15, once each", () => {
    const cis = DETECTIONS.filter((d) => d.cis).map((d) => d.cis);
    expect(cis).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
  });

  // What Prowler's cloudwatch_log_metric_filter_* checks require of the filter on the
  // trail's log group (read from its checks, 2026): each clause present somewhere, as
  // `$.field = value` with optional quotes, an event name not followed by a word
  // character; 4.1 and 4.3 also in this order. Case-sensitive, on the raw pattern.
  // The lists are Prowler's, kept apart from cis.ts on purpose: a test that read
  // cis.ts's own lists could not fail when one of them lost an event.
  const PROWLER: Record<
    string,
    { source?: string; names?: string[]; extra?: [string, string, string][]; ordered?: string[] }
  > = {
    "4.1": { ordered: ["$.errorCode = *UnauthorizedOperation", "$.errorCode = AccessDenied*"] },
    "4.2": { names: ["ConsoleLogin"], extra: [["additionalEventData.MFAUsed", "!=", "Yes"]] },
    "4.3": {
      ordered: ["$.userIdentity.type = Root", "$.userIdentity.invokedBy NOT EXISTS", "$.eventType != AwsServiceEvent"],
    },
    "4.4": {
      names: [
        "DeleteGroupPolicy",
        "DeleteRolePolicy",
        "DeleteUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "PutUserPolicy",
        "CreatePolicy",
        "DeletePolicy",
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AttachGroupPolicy",
        "DetachGroupPolicy",
      ],
    },
    "4.5": { names: ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"] },
    "4.6": { names: ["ConsoleLogin"], extra: [["errorMessage", "=", "Failed authentication"]] },
    "4.7": { source: "kms.amazonaws.com", names: ["DisableKey", "ScheduleKeyDeletion"] },
    "4.8": {
      source: "s3.amazonaws.com",
      names: [
        "PutBucketAcl",
        "PutBucketPolicy",
        "PutBucketCors",
        "PutBucketLifecycle",
        "PutBucketReplication",
        "DeleteBucketPolicy",
        "DeleteBucketCors",
        "DeleteBucketLifecycle",
        "DeleteBucketReplication",
      ],
    },
    "4.9": {
      source: "config.amazonaws.com",
      names: ["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"],
    },
    "4.10": {
      names: [
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
      ],
    },
    "4.11": {
      names: [
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation",
      ],
    },
    "4.12": {
      names: [
        "CreateCustomerGateway",
        "DeleteCustomerGateway",
        "AttachInternetGateway",
        "CreateInternetGateway",
        "DeleteInternetGateway",
        "DetachInternetGateway",
      ],
    },
    "4.13": {
      source: "ec2.amazonaws.com",
      names: [
        "CreateRoute",
        "CreateRouteTable",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
        "DeleteRouteTable",
        "DeleteRoute",
        "DisassociateRouteTable",
      ],
    },
    "4.14": {
      names: [
        "CreateVpc",
        "DeleteVpc",
        "ModifyVpcAttribute",
        "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection",
        "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc",
        "DetachClassicLinkVpc",
        "DisableVpcClassicLink",
        "EnableVpcClassicLink",
      ],
    },
    "4.15": {
      source: "organizations.amazonaws.com",
      names: [
        "AcceptHandshake",
        "AttachPolicy",
        "CancelHandshake",
        "CreateAccount",
        "CreateOrganization",
        "CreateOrganizationalUnit",
        "CreatePolicy",
        "DeclineHandshake",
        "DeleteOrganization",
        "DeleteOrganizationalUnit",
        "DeletePolicy",
        "EnableAllFeatures",
        "EnablePolicyType",
        "InviteAccountToOrganization",
        "LeaveOrganization",
        "DetachPolicy",
        "DisablePolicyType",
        "MoveAccount",
        "RemoveAccountFromOrganization",
        "UpdateOrganizationalUnit",
        "UpdatePolicy",
      ],
    },
  };
  const esc = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\ ");
  const clause = (field: string, op: string, value: string, word = false) =>
    new RegExp(`\\$\\.${esc(field)}\\s*${op === "!=" ? "!=" : "="}\\s*.?${esc(value)}${word ? "\\b" : ""}`, "s");

  test.each(Object.keys(PROWLER))("CIS %s passes Prowler's metric-filter check", (control) => {
    const d = DETECTIONS.find((x) => x.cis === control)!;
    const pattern = d.filterPattern!;
    const req = PROWLER[control];
    const missing: string[] = [];
    if (req.source && !clause("eventSource", "=", req.source).test(pattern)) missing.push(`eventSource ${req.source}`);
    for (const n of req.names ?? []) if (!clause("eventName", "=", n, true).test(pattern)) missing.push(n);
    for (const [f, op, v] of req.extra ?? []) if (!clause(f, op, v).test(pattern)) missing.push(`${f} ${op} ${v}`);
    if (req.ordered) {
      // Literal order, single spaces inside NOT EXISTS, optional quotes around values.
      const parts = req.ordered.map((c) => {
        const m = /^\$\.(\S+) (=|!=|NOT EXISTS) ?(.*)$/.exec(c)!;
        return m[2] === "NOT EXISTS"
          ? `\\$\\.${esc(m[1])} NOT EXISTS`
          : `\\$\\.${esc(m[1])}\\s*${m[2]}\\s*.?${esc(m[3])}`;
      });
      if (!new RegExp(parts.join(".+"), "s").test(pattern)) missing.push(`in order: ${req.ordered.join(", ")}`);
    }
    expect(missing).toEqual([]);
  });

  test("the 4.1 precedence trap: without the inner parentheses a log-delivery refusal fires", () => {
    const trap =
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }';
    const d = detection("cis-4.1-unauthorized-api-calls");
    const delivery = d.samples.negative.find(
      (r) => r.sourceIPAddress === "delivery.logs.amazonaws.com" && r.errorCode?.includes("Unauthorized"),
    )!;
    expect(matchesFilterPattern(trap, delivery)).toBe(true);
    expect(matchesFilterPattern(d.filterPattern!, delivery)).toBe(false);
  });

  const withFilter = DETECTIONS.filter((d): d is Detection & { filterPattern: string } => Boolean(d.filterPattern));
  describe.each(withFilter.map((d) => [d.id, d] as const))("%s", (_id, d) => {
    const pattern = renderPattern(d.filterPattern, SAMPLE_PARAMETERS);

    test("its filter pattern parses, and fits CloudWatch Logs' 1,024 characters", () => {
      expect(() => parseFilterPattern(pattern)).not.toThrow();
      // Placeholders are filled with real names at deploy time: measure with long ones.
      const longest = renderPattern(d.filterPattern, {
        trailLogGroup: "x".repeat(100),
        namePrefix: "x".repeat(20),
        accessLogBucketPrefix: "x".repeat(36),
        cloudTrailArchiveBucketPrefix: "x".repeat(40),
      });
      expect(longest.length).toBeLessThanOrEqual(1024);
    });

    test("its filter pattern matches every positive sample and no negative one", () => {
      // As CloudWatch Logs sees them: one JSON record per log event.
      const missed = d.samples.positive.filter((r) => !matchesFilterPattern(pattern, JSON.stringify(r))).map(label);
      const falseAlarms = d.samples.negative.filter((r) => matchesFilterPattern(pattern, JSON.stringify(r))).map(label);
      expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
    });
  });

  test(`evaluates ${sampleCount} sample records`, () => {
    console.log(
      `detections: ${DETECTIONS.length} entries, ${sampleCount} sample records, ` +
        `${DETECTIONS.filter((d) => d.eventPattern).length} EventBridge patterns`,
    );
    expect(sampleCount).toBeGreaterThanOrEqual(2 * DETECTIONS.length);
  });
});
