import type { IConstruct } from "constructs";
import { TerraformElement, TerraformStack } from "cdktf";

// jsii records each class's fully qualified name and version on the class itself,
// under this registered symbol, in every copy of cdktf and of CDK Terrain alike.
const RTTI = Symbol.for("jsii.rtti");

interface Rtti {
  readonly fqn: string;
  readonly version: string;
}

const FRAMEWORK_CLASSES = /^(\w+)\.(TerraformStack|TerraformElement)$/;

/** The framework this package was loaded with: its jsii name and version. */
export const FRAMEWORK = (TerraformStack as unknown as Record<symbol, Rtti>)[RTTI];

/** The framework base class (stack or element) `c` derives from, by its jsii name. */
function frameworkBase(c: object): { readonly ctor: unknown; readonly rtti: Rtti } | undefined {
  for (let proto = Object.getPrototypeOf(c); proto; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: Record<symbol, Rtti | undefined> }).constructor;
    const rtti = ctor?.[RTTI];
    if (rtti && FRAMEWORK_CLASSES.test(rtti.fqn)) return { ctor, rtti };
  }
  return undefined;
}

/** Thrown when a construct comes from another copy of cdktf, or from CDK Terrain. */
export class FrameworkMismatchError extends Error {
  constructor(path: string, theirs: Rtti) {
    super(
      `${path} is a ${theirs.fqn} ${theirs.version}, but s3-audit-baseline was loaded with ` +
        `${FRAMEWORK.fqn.split(".")[0]} ${FRAMEWORK.version}: its guardrails and constructs cannot see ` +
        `resources of another framework copy. Install one copy (\`npm ls ${FRAMEWORK.fqn.split(".")[0]}\` ` +
        `should list a single version, matching s3-audit-baseline's peer dependency), or for CDK Terrain ` +
        `use the CDK Terrain build of s3-audit-baseline (see the README).`,
    );
    this.name = "FrameworkMismatchError";
  }
}

/**
 * Throws a FrameworkMismatchError when `c` is a Terraform stack or element of a
 * framework copy other than the one this package uses, which `instanceof` checks
 * would silently pass over. Constructs of no framework (plain `Construct`s) pass.
 */
export function assertSameFramework(c: IConstruct): void {
  if (c instanceof TerraformElement || c instanceof TerraformStack) return;
  const base = frameworkBase(c);
  if (base && base.ctor !== TerraformElement && base.ctor !== TerraformStack) {
    throw new FrameworkMismatchError(c.node.path, base.rtti);
  }
}
