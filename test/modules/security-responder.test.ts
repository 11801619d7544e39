import { AlarmTopic } from "../../modules/alarm-topic";
import { Testing } from "cdktf";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import {
  REMEDIATION_ACTIONS,
  SecurityRemediationRole,
  SecurityResponder,
  responderEventPattern,
} from "../../modules/security-responder";
import { SERVICE_FINDINGS } from "../../modules/detections";
import { planFinding, planRemediation } from "../../lambda-src/security-responder/plan";
import { allowing, resourcesOf, statements } from "../helpers";
import { ACTIONABLE } from "./security-responder.samples";

describe("SecurityResponder", () => {
  const out = Testing.synthScope((s) => {
    new SecurityResponder(s, "responder", {
      functionName: "example-security-responder",
      accountId: "333333333333",
      region: "eu-west-1",
      busName: "example-security-events",
      topic: AlarmTopic.fromArn("arn:aws:sns:eu-west-1:333333333333:notify"),
      organizationId: "o-exampleorg1",
      remediationRoleName: "example-security-remediation",
      accessLogBucketPrefix: "example-s3-access-logs-",
      declaredConfigurationPrefix: "/example/buckets",
      dryRun: true,
    });
  });

  test("a Node.js 22 arm64 function with tracing, a DLQ, no reserved concurrency, dry run from the config", () => {
    expect(resourcesOf(out, "aws_lambda_function")[0].reserved_concurrent_executions).toBeUndefined();
    expect(out).toHaveResourceWithProperties(LambdaFunction, {
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      tracing_config: { mode: "Active" },
    });
    const fn = resourcesOf(out, "aws_lambda_function")[0];
    expect(fn.environment.variables).toMatchObject({
      DRY_RUN: "true",
      REMEDIATION_ROLE_NAME: "example-security-remediation",
    });
    expect(fn.dead_letter_config.target_arn).toMatch(/^\$\{aws_sqs_queue\./);
  });

  test("undeliverable events reach its DLQ, and a failed run is not retried (which would repeat its report)", () => {
    const policy = resourcesOf(out, "aws_sqs_queue_policy")[0].policy;
    expect(statements(policy)[0]).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
    });
    expect(resourcesOf(out, "aws_cloudwatch_event_target")[0].dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\./);
    expect(resourcesOf(out, "aws_lambda_function_event_invoke_config")[0]).toMatchObject({ maximum_retry_attempts: 0 });
  });

  test("roleArn names the role it creates, for the remediation roles to trust before it exists", () => {
    expect(resourcesOf(out, "aws_iam_role").map((r) => r.name)).toContain("example-security-responder");
    expect(SecurityResponder.roleArn("333333333333", "example-security-responder")).toBe(
      "arn:aws:iam::333333333333:role/example-security-responder",
    );
  });

  test("may assume only the remediation roles of the organization, and publish only to its topic", () => {
    const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
    expect(allowing(policy, "sts:AssumeRole")).toEqual([
      expect.objectContaining({
        Resource: "arn:aws:iam::*:role/example-security-remediation",
        Condition: { StringEquals: { "aws:ResourceOrgID": "o-exampleorg1" } },
      }),
    ]);
    expect(allowing(policy, "sns:Publish").map((s) => s.Resource)).toEqual([
      "arn:aws:sns:eu-west-1:333333333333:notify",
    ]);
  });

  test("publishing to an encrypted topic of its stack, it may use that topic's key and its own, no other", () => {
    const json = JSON.parse(
      Testing.synthScope((s) => {
        const topic = new AlarmTopic(s, "notify", { topicName: "n", accountId: "333333333333", region: "eu-west-1" });
        new SecurityResponder(s, "responder", {
          functionName: "f",
          accountId: "333333333333",
          region: "eu-west-1",
          busName: "b",
          topic,
          organizationId: "o-exampleorg1",
          remediationRoleName: "r",
          accessLogBucketPrefix: "p-",
          declaredConfigurationPrefix: "/p/buckets",
        });
      }),
    );
    const keys = Object.entries(json.resource.aws_kms_key as Record<string, { description: string }>);
    const keyOf = (what: string) => `\${aws_kms_key.${keys.find(([, k]) => k.description.includes(what))![0]}.arn}`;
    const policy = Object.values(json.resource.aws_iam_role_policy as Record<string, { policy: string }>)[0].policy;
    expect(allowing(policy, "kms:Decrypt").map((s) => s.Resource)).toEqual([keyOf("SNS topic n"), keyOf("of f")]);
  });

  test("every event it listens for is one the handler acts on", () => {
    for (const [name, record] of Object.entries(ACTIONABLE)) {
      const plan = planRemediation(record, { accessLogBucketPrefix: "example-s3-access-logs-" });
      expect([name, plan.outcome]).toEqual([name, "act"]);
    }
  });

  test("its rule takes the events and findings of responderEventPattern, routed in security-responder.python.test.ts", () => {
    const rule = resourcesOf(out, "aws_cloudwatch_event_rule")[0];
    expect(JSON.parse(rule.event_pattern)).toEqual(responderEventPattern());
  });

  test("it acts on Access Analyzer's public-bucket findings only, and names what it cannot use", () => {
    const finding = SERVICE_FINDINGS.find((f) => f.id === "access-analyzer-s3-finding")!;
    expect(planFinding(finding.samples.positive[1].detail).plan).toEqual({
      outcome: "act",
      remediation: {
        kind: "bucket-public-access",
        bucket: "example-payments-prod-data",
        reason: "Access Analyzer found the bucket public",
      },
    });
    expect(planFinding(finding.samples.positive[0].detail).plan).toEqual({ outcome: "none" });
    expect(planFinding({ ...finding.samples.positive[1].detail, resource: "arn:aws:s3:::b/key" }).plan).toEqual({
      outcome: "unusable",
      problem: "detail.resource is not an S3 bucket ARN",
    });
    expect(planFinding({ ...finding.samples.positive[1].detail, accountId: undefined }).plan).toEqual({
      outcome: "unusable",
      problem: "detail.accountId is missing or not a string",
    });
  });
});

describe("SecurityRemediationRole", () => {
  const out = Testing.synthScope((s) => {
    new SecurityRemediationRole(s, "role", {
      roleName: "example-security-remediation",
      accountId: "444444444444",
      responderRoleArn: "arn:aws:iam::333333333333:role/example-security-responder",
      declaredConfigurationPrefix: "/example/buckets",
    });
  });

  test("trusts only the responder's role", () => {
    expect(statements(resourcesOf(out, "aws_iam_role")[0].assume_role_policy)).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::333333333333:role/example-security-responder" },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  test("allows exactly the restoring calls, on this account's resources, and reads only declared configurations", () => {
    const [restore, read] = statements(resourcesOf(out, "aws_iam_role_policy")[0].policy);
    expect([...restore.Action, ...read.Action].sort()).toEqual([...REMEDIATION_ACTIONS].sort());
    expect(restore.Condition).toEqual({ StringEquals: { "aws:ResourceAccount": "444444444444" } });
    expect(read).toMatchObject({
      Action: ["ssm:GetParameter"],
      Resource: "arn:aws:ssm:*:444444444444:parameter/example/buckets/*",
    });
    expect(REMEDIATION_ACTIONS.some((a) => /Delete|\*/.test(a))).toBe(false);
  });
});
