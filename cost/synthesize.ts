/**
 * The organization's stacks as Terraform JSON: synthesized as `cdktf synth` does
 * (worker processes, every guardrail) into a temporary folder, and read back.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { synthesizeOrganization } from "../stacks/organization";
import type { StackJson } from "./inventory";

export async function organizationStackJsons(config: OrganizationConfig): Promise<StackJson[]> {
  const outdir = mkdtempSync(path.join(tmpdir(), "s3ab-cost-"));
  try {
    const { stacks } = await synthesizeOrganization(new App({ outdir }), config);
    return stacks.map(
      (name) => JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as StackJson,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
