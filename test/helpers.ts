import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { Testing } from "cdktf";
import type { TerraformStack } from "cdktf";
import { DEFAULT_CONFIG_PATH } from "../config/load";
import type { OrganizationConfig } from "../config/schema";
import { validateConfig } from "../config/validate";
import { actionCovers, asList } from "../modules/guardrails/stack-view";
import type { CloudTrailRecord } from "../modules/detections";

export { asList };

/** The example organization as written in the file (a fresh copy each call). */
export function exampleRaw(): Record<string, any> {
  return parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8"));
}

/** The example organization, validated, after `edit` changes the raw document. */
export function exampleConfig(edit: (raw: Record<string, any>) => void = () => undefined): OrganizationConfig {
  const raw = exampleRaw();
  edit(raw);
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.config;
}

export interface SynthesizedStack {
  resource: Record<string, Record<string, any>>;
  provider?: Record<string, any[]>;
  terraform: Record<string, any>;
  output?: Record<string, any>;
}

export function synthStack(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one Terraform type, as an array of their configurations. */
export function resourcesOf(synth: SynthesizedStack | string, type: string): Record<string, any>[] {
  const json: SynthesizedStack = typeof synth === "string" ? JSON.parse(synth) : synth;
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of a type whose `attr` equals `value`. */
export function resourceWhere(
  synth: SynthesizedStack | string,
  type: string,
  attr: string,
  value: unknown,
): Record<string, any> {
  const found = resourcesOf(synth, type).filter((r) => r[attr] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${attr}=${String(value)}, found ${found.length}`);
  return found[0];
}

/** The Terraform id (`type.<id>`) of the one resource of a type whose `attr` equals `value`. */
export function idWhere(synth: SynthesizedStack | string, type: string, attr: string, value: unknown): string {
  const json: SynthesizedStack = typeof synth === "string" ? JSON.parse(synth) : synth;
  const found = Object.entries(json.resource?.[type] ?? {}).filter(([, r]) => r[attr] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${attr}=${String(value)}, found ${found.length}`);
  return found[0][0];
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: any;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, any>>;
}

/** Parses a policy document and returns its statement with the given Sid. */
export function statement(policyJson: string, sid: string): Statement {
  const doc = JSON.parse(policyJson) as { Statement: Statement[] };
  const s = doc.Statement.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${policyJson}`);
  return s;
}

export function statements(policyJson: string): Statement[] {
  return (JSON.parse(policyJson) as { Statement: Statement[] }).Statement;
}

/** The statements that allow `action` (by any wildcard), for any principal. */
export function allowing(policyJson: string, action: string): Statement[] {
  return statements(policyJson).filter(
    (s) => s.Effect === "Allow" && asList(s.Action).some((a) => actionCovers(a, action)),
  );
}

/** A sample record in one line, for test output: `PutBucketAcl (AccessDenied) by IAMUser from 203.0.113.10`. */
export const recordLabel = (r: CloudTrailRecord): string =>
  `${r.eventName}${r.errorCode ? ` (${r.errorCode})` : ""} by ${String(r.userIdentity.type)} from ${r.sourceIPAddress}`;
