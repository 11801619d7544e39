import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { accountOf, environmentOf, regionOf, setEnvironment } from "../../modules/environment";
import { AlarmTopic } from "../../modules/alarm-topic";

describe("environmentOf: account and region from the enclosing scope", () => {
  test("a construct inside a declared stack takes the stack's account and region", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    setEnvironment(stack, { accountId: "222222222222", region: "eu-west-1" });
    const c = new Construct(stack, "c");
    expect(environmentOf(c)).toEqual({ accountId: "222222222222", region: "eu-west-1" });
  });

  test("a nearer scope wins field by field, and props win over scopes", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    setEnvironment(stack, { accountId: "222222222222", region: "eu-west-1" });
    const regionScope = new Construct(stack, "region-us-east-1");
    setEnvironment(regionScope, { region: "us-east-1" });
    const c = new Construct(regionScope, "c");
    expect(environmentOf(c)).toEqual({ accountId: "222222222222", region: "us-east-1" });
    expect(accountOf(c, "333333333333")).toBe("333333333333");
    expect(regionOf(c, "ap-south-1")).toBe("ap-south-1");
  });

  test("without a declaration or a prop, the error names the construct and the field", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    setEnvironment(stack, { region: "eu-west-1" });
    expect(() => accountOf(new Construct(stack, "c"))).toThrow(
      "s/c: accountId is not set: pass it in the props, or create the construct inside an AccountStack or a scope given setEnvironment()",
    );
  });

  test("a construct built without accountId and region uses the stack's (AlarmTopic)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    setEnvironment(stack, { accountId: "222222222222", region: "eu-west-1" });
    new AlarmTopic(stack, "alarms", { topicName: "alarms" });
    const json = Testing.synth(stack);
    expect(json).toContain("arn:aws:sns:eu-west-1:222222222222:alarms");
    expect(() => new AlarmTopic(new TerraformStack(Testing.app(), "bare"), "alarms", { topicName: "alarms" })).toThrow(
      /bare\/alarms: accountId is not set/,
    );
  });
});
