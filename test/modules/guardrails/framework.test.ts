import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Guardrails, assertGuardrails, checkStack } from "../../../modules/guardrails";
import { FRAMEWORK, FrameworkMismatchError, assertSameFramework } from "../../../modules/framework";

// A second copy of cdktf, as npm installs one when a consumer's version differs from
// this package's peer: same names, other classes, so `instanceof` sees nothing.
function otherCopy(): typeof import("cdktf") {
  let copy: typeof import("cdktf") | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof import("cdktf")>("cdktf");
  });
  return copy!;
}

describe("a construct of another framework copy fails loudly", () => {
  const foreign = otherCopy();

  test("the copy is really another one (the premise of these tests)", () => {
    expect(foreign.TerraformStack).not.toBe(TerraformStack);
    expect(FRAMEWORK.fqn).toMatch(/^(cdktf|cdktn)\.TerraformStack$/);
  });

  test("assertGuardrails refuses an app whose stack comes from the other copy, instead of checking nothing", () => {
    const app = Testing.app();
    new foreign.TerraformStack(app as never, "theirs");
    expect(() => assertGuardrails(app)).toThrow(FrameworkMismatchError);
    expect(() => assertGuardrails(app)).toThrow(
      new RegExp(`^theirs is a ${FRAMEWORK.fqn} ${FRAMEWORK.version}, but s3-audit-baseline was loaded with`),
    );
  });

  test("the Guardrails aspect refuses such a stack when it visits it", () => {
    const theirs = new foreign.TerraformStack(new App() as never, "theirs");
    expect(() => new Guardrails().visit(theirs as never)).toThrow(/install one copy|npm ls cdktf/i);
  });

  test("checkStack refuses a resource of the other copy inside one of ours", () => {
    const stack = new TerraformStack(Testing.app(), "ours");
    Aspects.of(stack).add(new Guardrails());
    new foreign.TerraformResource(stack as never, "bucket", { terraformResourceType: "aws_s3_bucket" });
    expect(() => checkStack(stack)).toThrow(FrameworkMismatchError);
  });

  test("constructs of this framework, and plain constructs, pass", () => {
    const stack = new TerraformStack(Testing.app(), "ours");
    const bucket = new S3Bucket(stack, "b", { bucket: "b" });
    expect(() => [stack, bucket, bucket.node.scope!].forEach(assertSameFramework)).not.toThrow();
  });
});
