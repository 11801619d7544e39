import type { Construct } from "constructs";
import { TerraformResource, TerraformStack } from "cdktf";

const releasedByStack = new WeakMap<TerraformStack, string[]>();

/** A Terraform `removed` block that forgets a resource and leaves it in AWS. */
export interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

/**
 * Releases from Terraform, without touching them in AWS, the resources that
 * `build(scope, id)` creates: each becomes a `removed` block with `destroy = false`
 * (Terraform 1.7 or later) instead of a resource. Addresses come from the same
 * construct code that created the resources, so they match the state exactly; an
 * address the state does not hold is ignored by Terraform.
 *
 * @example
 * // The bucket and everything its baseline made stay in AWS; Terraform forgets them.
 * releaseWithoutDestroying(stack, "example-old-bucket", (scope, id) =>
 *   new BucketBaseline(scope, id, { ...props, bucketName: "example-old-bucket" }),
 * );
 * @returns the released addresses
 */
export function releaseWithoutDestroying(
  scope: Construct,
  id: string,
  build: (scope: Construct, id: string) => unknown,
): string[] {
  build(scope, id);
  const stack = TerraformStack.of(scope);
  const addresses = scope.node
    .findChild(id)
    .node.findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
  scope.node.tryRemoveChild(id);
  const all = [...(releasedByStack.get(stack) ?? []), ...addresses];
  releasedByStack.set(stack, all);
  const blocks: RemovedBlock[] = all.map((from) => ({ from, lifecycle: { destroy: false } }));
  stack.addOverride("removed", blocks);
  return addresses;
}
