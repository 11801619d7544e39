import { Testing } from "cdktf";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import * as path from "node:path";
import { BaselineFunction } from "../../modules/baseline-function";
import { lambdaBundleDir } from "../../modules/baseline-function/bundle";
import { resourcesOf, statement } from "../helpers";

describe("BaselineFunction", () => {
  const out = Testing.synthScope((s) => {
    new BaselineFunction(s, "fn", {
      functionName: "example-security-responder",
      description: "Restores the S3 baseline",
      bundle: "security-responder",
      accountId: "333333333333",
      region: "eu-west-1",
      policyStatements: [
        { Sid: "Report", Effect: "Allow", Action: "sns:Publish", Resource: "arn:aws:sns:eu-west-1:333333333333:t" },
      ],
      environment: { ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:333333333333:t" },
    });
  });

  test("Node.js 22 on arm64, traced, a DLQ, and an encrypted environment; no reserved concurrency by default", () => {
    // A new account's concurrency quota is 10 and a reservation must leave 100
    // unreserved: any default reservation would fail there.
    expect(resourcesOf(out, "aws_lambda_function")[0].reserved_concurrent_executions).toBeUndefined();
    expect(out).toHaveResourceWithProperties(LambdaFunction, {
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      timeout: 60,
      memory_size: 256,
      tracing_config: { mode: "Active" },
      environment: { variables: { ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:333333333333:t" } },
    });
  });

  test("reserves concurrency only when asked", () => {
    const reserved = Testing.synthScope((s) => {
      new BaselineFunction(s, "fn", {
        functionName: "f",
        description: "d",
        bundle: "security-responder",
        accountId: "333333333333",
        region: "eu-west-1",
        policyStatements: [],
        environment: {},
        reservedConcurrency: 4,
      });
    });
    expect(resourcesOf(reserved, "aws_lambda_function")[0].reserved_concurrent_executions).toBe(4);
  });

  test("its log group keeps logs for a year under its rotating, protected key", () => {
    expect(resourcesOf(out, "aws_cloudwatch_log_group")[0]).toMatchObject({
      name: "/aws/lambda/example-security-responder",
      retention_in_days: 365,
    });
    expect(resourcesOf(out, "aws_kms_key")[0]).toMatchObject({
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("its role holds the caller's statements plus logs, key and dead letters, nothing else", () => {
    const policy = resourcesOf(out, "aws_iam_role_policy")[0].policy;
    expect(JSON.parse(policy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "Report",
      "DeadLetters",
      "WriteLogs",
      "UseKey",
    ]);
    expect(statement(policy, "WriteLogs").Resource).toEqual([
      "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/example-security-responder:*",
    ]);
    // Its own key, by reference; a key/* wildcard would reach every key of the account.
    const keyId = Object.keys(JSON.parse(out).resource.aws_kms_key)[0];
    expect(statement(policy, "UseKey").Resource).toBe(`\${aws_kms_key.${keyId}.arn}`);
  });

  test("the bundle path is resolved from the module, not the working directory", () => {
    const dir = lambdaBundleDir("access-log-processor");
    expect(path.isAbsolute(dir)).toBe(true);
    expect(dir).toBe(path.join(__dirname, "..", "..", "dist", "lambda", "access-log-processor"));
    expect(() => lambdaBundleDir("no-such-function")).toThrow(
      /the no-such-function Lambda bundle is missing .*: run npm run bundle/,
    );
  });
});
