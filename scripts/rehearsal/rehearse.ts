/**
 * The deploy rehearsal: the real Terraform AWS provider applies every stack of an
 * organization, in the app's deploy order and across accounts, against moto in server
 * mode on loopback; then re-plans every stack (a perpetual diff fails it) and checks
 * that `log-archive` refuses a destroy plan.
 *
 *   npm run rehearse                          # the example, then test/fixtures/maximal.yaml
 *   npm run rehearse -- config/organization.yaml
 *   npm run rehearse -- --keep                # keep the working folder to look into
 *   npm run rehearse -- --only org-trail      # one stack and what it depends on
 *   npm run rehearse -- --endpoint http://localhost:4566   # LocalStack instead of moto
 *   npm run rehearse -- --endpoint aws        # a sandbox organization, real credentials
 *
 * Only the rehearsal's working copy of the stacks is changed: each provider keeps its
 * assume_role and allowed_account_ids as synthesized, and reaches the emulator
 * through AWS_ENDPOINT_URL (plus path-style S3); the version constraint names the
 * provider in the offline mirror; remote backends become local state; resources the
 * emulator cannot serve are left out as `scripts/rehearsal/left-out.yaml` says, and an
 * entry that is no longer needed fails the run.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { parse } from "yaml";
import { DEFAULT_CONFIG_PATH, loadConfigFile } from "../../config/load";
import { declaredAccounts } from "../../config/accounts";
import type { OrganizationConfig } from "../../config/schema";
import { synthesizeOrganization } from "../../stacks/organization";
import { topology } from "../../config/topology";
import { auditServicePrincipals } from "../../stacks/org-trail-stack";

const ROOT = path.join(__dirname, "..", "..");
const MAXIMAL = path.join(ROOT, "test", "fixtures", "maximal.yaml");
const LEFT_OUT_FILE = path.join(__dirname, "left-out.yaml");
const GAPS_FILE = path.join(__dirname, "emulator-gaps.yaml");
const MOTO_PYTHON = path.join(ROOT, ".venv", "moto", "bin", "python");

// Terraform JSON is untyped by nature.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** A resource the emulator cannot serve, left out of the rehearsal's copy. */
export interface LeftOut {
  /** A Terraform resource type. */
  readonly type: string;
  /** Why: the emulator's missing API, as it answers. */
  readonly reason: string;
}

export function readLeftOut(file = LEFT_OUT_FILE): LeftOut[] {
  const doc = (parse(readFileSync(file, "utf8")) ?? []) as unknown;
  if (!Array.isArray(doc)) throw new Error(`${file}: must be a list of { type, reason }`);
  return doc.map((e, i) => {
    if (typeof e?.type !== "string" || typeof e?.reason !== "string" || e.reason.length < 20) {
      throw new Error(`${file}[${i}]: needs a resource type and a reason of at least 20 characters`);
    }
    return { type: e.type, reason: e.reason };
  });
}

/** Attributes the emulator does not read back as AWS does (a second plan shows them). */
export interface EmulatorGap {
  readonly type: string;
  readonly attributes: readonly string[];
  readonly reason: string;
}

export function readEmulatorGaps(file = GAPS_FILE): EmulatorGap[] {
  const doc = (parse(readFileSync(file, "utf8")) ?? []) as unknown;
  if (!Array.isArray(doc)) throw new Error(`${file}: must be a list of { type, attributes, reason }`);
  return doc.map((e, i) => {
    if (typeof e?.type !== "string" || !Array.isArray(e?.attributes) || typeof e?.reason !== "string") {
      throw new Error(`${file}[${i}]: needs a resource type, a list of attributes and a reason`);
    }
    return { type: e.type, attributes: e.attributes.map(String), reason: e.reason };
  });
}

const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (typeof a === "string" && typeof b === "string" && a !== b) {
    try {
      return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
    } catch {
      return false;
    }
  }
  return JSON.stringify(a) === JSON.stringify(b);
};

/**
 * The attribute paths (block and attribute names, list indices dropped) whose values
 * differ between a plan's before and after; values known only after apply do not
 * count, and a JSON document that differs in white space alone is `<path>#whitespace`.
 */
export function changedPaths(before: unknown, after: unknown, unknown: unknown = undefined, at = ""): string[] {
  if (unknown === true || before === after) return [];
  // The same JSON document written differently: listed as <path>#whitespace.
  if (typeof before === "string" && typeof after === "string" && jsonEqual(before, after)) return [`${at}#whitespace`];
  if (jsonEqual(before, after)) return [];
  const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(before) || Array.isArray(after)) {
    const b = Array.isArray(before) ? before : [];
    const a = Array.isArray(after) ? after : [];
    const u = Array.isArray(unknown) ? unknown : [];
    if (a.length === 0 || b.length === 0) return [at];
    const paths = new Set<string>();
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      changedPaths(b[i], a[i], u[i], at).forEach((p) => paths.add(p));
    return [...paths];
  }
  if (isObj(before) && isObj(after)) {
    const u = isObj(unknown) ? unknown : {};
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => changedPaths(before[k], after[k], u[k], at ? `${at}.${k}` : k));
  }
  return [at];
}

// ---------------------------------------------------------------------------------
// The working copy

/** A resource or data source type of a provider other than AWS. */
function otherProvider(type: string): boolean {
  return !type.startsWith("aws_");
}

export interface WorkingCopyOptions {
  readonly providerVersion: string;
  /**
   * The target is an emulator on loopback: S3 is addressed path-style.
   * @default true
   */
  readonly emulator?: boolean;
  readonly stateDir: string;
  readonly leftOut: readonly LeftOut[];
}

/**
 * The rehearsal's copy of one synthesized stack: the same resources and providers,
 * local state, the mirrored provider version, path-style S3, minus left-out resource
 * types (and every depends_on naming them). Throws when a remaining resource refers to
 * a left-out one, since leaving it out would then change what is rehearsed.
 */
export function workingCopy(stackName: string, synthesized: Json, options: WorkingCopyOptions): Json {
  const copy: Json = JSON.parse(JSON.stringify(synthesized));
  copy.terraform.required_providers.aws.version = options.providerVersion;
  delete copy.terraform.cloud;
  copy.terraform.backend = { local: { path: path.join(options.stateDir, `${stackName}.tfstate`) } };
  for (const p of copy.provider?.aws ?? []) {
    if (options.emulator ?? true) p.s3_use_path_style = true;
  }
  const leftOutTypes = new Set(options.leftOut.map((l) => l.type));
  const removed: string[] = [];
  for (const type of Object.keys(copy.resource ?? {})) {
    if (!leftOutTypes.has(type) && !otherProvider(type)) continue;
    removed.push(...Object.keys(copy.resource[type]).map((n) => `${type}.${n}`));
    delete copy.resource[type];
  }
  // Providers other than AWS (Terraform Cloud's, in the terraform-cloud stack) have no
  // emulator and no mirror here: their resources, data sources and blocks are left
  // out, and the rest of the stack is rehearsed.
  for (const type of Object.keys(copy.data ?? {})) {
    if (!otherProvider(type)) continue;
    removed.push(...Object.keys(copy.data[type]).map((n) => `data.${type}.${n}`));
    delete copy.data[type];
  }
  if (copy.data && Object.keys(copy.data).length === 0) delete copy.data;
  for (const name of Object.keys(copy.provider ?? {})) if (name !== "aws") delete copy.provider[name];
  for (const name of Object.keys(copy.terraform.required_providers)) {
    if (name !== "aws") delete copy.terraform.required_providers[name];
  }
  for (const byName of Object.values<Json>(copy.resource ?? {})) {
    for (const [name, r] of Object.entries<Json>(byName)) {
      if (Array.isArray(r.depends_on)) {
        r.depends_on = r.depends_on.filter((d: string) => !removed.includes(d));
        if (r.depends_on.length === 0) delete r.depends_on;
      }
      const text = JSON.stringify(r);
      const dangling = removed.find((a) => text.includes(`\${${a}.`));
      if (dangling) throw new Error(`${stackName}: ${name} refers to ${dangling}, which left-out.yaml leaves out`);
    }
  }
  for (const output of Object.values<Json>(copy.output ?? {})) {
    const dangling = removed.find((a) => JSON.stringify(output).includes(`\${${a}.`));
    if (dangling) throw new Error(`${stackName}: an output refers to ${dangling}, which left-out.yaml leaves out`);
  }
  return copy;
}

/** Stack names in an order that honours every dependency in the manifest. */
export function deployOrder(manifest: Json): string[] {
  const stacks = manifest.stacks as Record<string, { dependencies?: string[] }>;
  const done: string[] = [];
  const visit = (name: string, trail: string[]) => {
    if (done.includes(name)) return;
    if (trail.includes(name)) throw new Error(`dependency cycle: ${[...trail, name].join(" -> ")}`);
    for (const d of stacks[name].dependencies ?? []) visit(d, [...trail, name]);
    done.push(name);
  };
  for (const name of Object.keys(stacks)) visit(name, []);
  return done;
}

// ---------------------------------------------------------------------------------
// Processes

/** How many stacks apply at once (S3AB_REHEARSAL_PARALLEL). */
const PARALLEL_STACKS = Math.max(1, Number(process.env.S3AB_REHEARSAL_PARALLEL ?? 4));

/**
 * Runs `task` for every item once all its dependencies have run, at most `limit` at a
 * time; a task whose dependency failed is told which one.
 */
export async function inDependencyOrder(
  items: readonly string[],
  dependencies: (item: string) => readonly string[],
  limit: number,
  task: (item: string, failedDependency: string | undefined) => Promise<boolean>,
): Promise<void> {
  const outcome = new Map<string, boolean>();
  const started = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const pump = () => {
      if (outcome.size === items.length) return resolve();
      for (const item of items) {
        if (running >= limit) return;
        if (started.has(item) || !dependencies(item).every((d) => outcome.has(d))) continue;
        started.add(item);
        running++;
        const failed = dependencies(item).find((d) => outcome.get(d) === false);
        task(item, failed)
          .then((ok) => outcome.set(item, ok))
          .catch((e) => (outcome.set(item, false), reject(e)))
          .finally(() => {
            running--;
            pump();
          });
      }
    };
    pump();
  });
}

/**
 * How long putting a left-out type back may take before it counts as still failing.
 * A single resource applies in seconds; a service the emulator lacks (Access
 * Analyzer) is retried by the provider until this runs out, once per type and
 * organization, so it is kept short for CI's budget.
 */
const LEFT_OUT_CHECK_TIMEOUT_MS = 90_000;

/** How long one terraform command may take before the rehearsal calls it hung. */
const COMMAND_TIMEOUT_MS = Number(process.env.S3AB_REHEARSAL_TIMEOUT_S ?? 900) * 1000;

/**
 * Runs a command without blocking the event loop (the proxy below serves meanwhile),
 * and kills it when it hangs. S3AB_TF_LOG=debug writes Terraform's log beside it.
 */
function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    const logged = process.env.S3AB_TF_LOG
      ? { ...env, TF_LOG: process.env.S3AB_TF_LOG, TF_LOG_PATH: path.join(cwd, `terraform-${args[0]}.log`) }
      : env;
    const child = spawn(cmd, args, { cwd, env: logged });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      chunks.push(Buffer.from(`\nError: ${cmd} ${args[0]} did not finish in ${timeoutMs / 1000} s\n`));
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", (e) => resolve({ status: 1, out: String(e) }));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, out: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

function tools(): { terraform: string; mirror: string; provider: string } {
  const r = spawnSync("bash", [path.join(__dirname, "terraform-tools.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error("scripts/rehearsal/terraform-tools.sh failed");
  const v = Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { terraform: v.TERRAFORM, mirror: v.MIRROR, provider: v.PROVIDER };
}

async function startMoto(config: OrganizationConfig): Promise<{ url: string; proc: ChildProcessWithoutNullStreams }> {
  if (!existsSync(MOTO_PYTHON)) {
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "python-tools.sh")], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("could not install moto (scripts/python-tools.sh)");
  }
  const management = topology(config).managementAccountId;
  const members = declaredAccounts(config).filter((a) => a.id !== management);
  const proc = spawn(MOTO_PYTHON, [path.join(__dirname, "moto_server.py")], {
    env: {
      ...process.env,
      S3AB_DEFAULT_ACCOUNT_ID: management,
      // AWS managed policies (AdministratorAccess, AWSXRayDaemonWriteAccess) exist.
      MOTO_IAM_LOAD_MANAGED_POLICIES: "true",
      S3AB_ORGANIZATION_ID: config.organization.id,
      // The management account first: moto gives the organization's own account an id too.
      S3AB_ACCOUNT_IDS: [management, ...members.map((m) => m.id)].join(","),
    },
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`moto did not start:\n${seen}`)), 60_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc });
      }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.on("exit", (code) => reject(new Error(`moto exited (${code}):\n${seen}`)));
  });
}

/**
 * S3 Control prefixes the account to the endpoint's host
 * (`111111111111.127.0.0.1:port`), which no resolver knows. The provider sends such
 * requests through this forward proxy (HTTP_PROXY; loopback addresses are never
 * proxied), which hands them to the emulator as they are.
 */
async function startHostPrefixProxy(emulator: string): Promise<{ url: string; server: http.Server }> {
  const target = new URL(emulator);
  const server = http.createServer((req, res) => {
    // An absolute URI whose host WHATWG URL would reject ("222222222222.127.0.0.1").
    const pathAndQuery = (req.url ?? "/").replace(/^[a-z]+:\/\/[^/]*/i, "") || "/";
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: pathAndQuery, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function setUpOrganization(config: OrganizationConfig, endpoint: string, env: NodeJS.ProcessEnv): Promise<void> {
  const where = topology(config);
  const management = where.managementAccountId;
  const roleOf = (arn: string) => {
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? { accountId: m[1], roleName: m[2] } : undefined;
  };
  const deployment = declaredAccounts(config).map((a) => ({
    ...roleOf(where.deploymentRoleArn(a.id))!,
    administrator: true,
  }));
  const readers = config.archive.readers.map(roleOf).filter((r) => r !== undefined);
  const spec = {
    endpoint,
    region: where.homeRegion,
    managementAccountId: management,
    members: declaredAccounts(config)
      .filter((a) => a.id !== management)
      .map((a) => ({ id: a.id, name: a.name })),
    roles: [...deployment, ...readers.map((r) => ({ ...r, administrator: false }))],
    trustedServices: ["cloudtrail.amazonaws.com", ...auditServicePrincipals(config)],
    existingBuckets: declaredAccounts(config).flatMap((a) =>
      a.buckets
        .filter((b) => b.existing)
        .map((b) => ({ accountId: a.id, name: b.name, region: where.bucketRegion(b) })),
    ),
  };
  const r = await run(MOTO_PYTHON, [path.join(__dirname, "setup_organization.py"), JSON.stringify(spec)], ROOT, env);
  if (r.status !== 0) throw new Error(`setting up the organization in the emulator failed:\n${r.out}`);
}

// ---------------------------------------------------------------------------------
// The rehearsal of one organization

export interface StackResult {
  readonly stack: string;
  readonly applied?: number;
  readonly changes?: string[];
  readonly error?: string;
}

const firstError = (out: string) =>
  (/Error: (.*)/.exec(out)?.[1] ?? out.trim().split("\n").slice(-3).join(" ")).slice(0, 400);

interface RunState {
  readonly leftOut: readonly LeftOut[];
  readonly gaps: readonly EmulatorGap[];
  /** Gaps that matched a change somewhere in the run. */
  readonly usedGaps: Set<EmulatorGap>;
  /** Left-out types some stack had, and whether one of them applied when put back. */
  readonly leftOutSeen: Map<string, boolean>;
  /** Rehearse only this stack and its dependencies (no stale-entry verdicts then). */
  readonly only?: string;
  /** Another emulator's URL, or "aws"; moto when undefined. */
  readonly endpoint?: string;
}

async function rehearse(configFile: string, keep: boolean, state: RunState): Promise<boolean> {
  const label = path.relative(ROOT, configFile);
  const config = loadConfigFile(configFile);
  const { terraform, mirror, provider } = tools();
  const { gaps, usedGaps } = state;
  // Against AWS itself nothing is left out.
  const leftOut = state.endpoint === "aws" ? [] : state.leftOut;
  const work = mkdtempSync(path.join(tmpdir(), "s3ab-rehearsal-"));
  const synthDir = path.join(work, "synth");
  const stateDir = path.join(work, "state");
  mkdirSync(stateDir);
  await synthesizeOrganization(new App({ outdir: synthDir }), config);
  const manifest = JSON.parse(readFileSync(path.join(synthDir, "manifest.json"), "utf8"));
  const all = deployOrder(manifest);
  // --only <stack>: that stack and what it depends on, for a quick look at one.
  const needed = new Set<string>();
  const need = (s: string) => {
    if (needed.has(s)) return;
    needed.add(s);
    (manifest.stacks[s]?.dependencies ?? []).forEach(need);
  };
  if (state.only) need(state.only);
  const order = state.only ? all.filter((s) => needed.has(s)) : all;

  const cliConfig = path.join(work, "terraform.rc");
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
  );
  // The target: moto started here (the default), another emulator such as LocalStack
  // (--endpoint URL, which must already hold the organization, its accounts and the
  // deployment roles), or AWS itself (--endpoint aws, a sandbox organization, with
  // the credentials of the environment). Only the endpoints differ.
  const target = state.endpoint;
  const moto = target === undefined ? await startMoto(config) : undefined;
  const emulator = moto?.url ?? (target === "aws" ? undefined : target);
  const proxy = emulator ? await startHostPrefixProxy(emulator) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_REGION: topology(config).homeRegion,
  };
  if (emulator) {
    Object.assign(env, {
      AWS_ENDPOINT_URL: emulator,
      AWS_ACCESS_KEY_ID: "rehearsal",
      AWS_SECRET_ACCESS_KEY: "rehearsal",
      AWS_EC2_METADATA_DISABLED: "true",
      HTTP_PROXY: proxy!.url,
      http_proxy: proxy!.url,
      NO_PROXY: "",
      no_proxy: "",
    });
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
  }
  console.log(
    `rehearsal of ${label}: ${order.length} stacks, provider ${provider}, target ${emulator ?? "AWS"}, in ${work}`,
  );

  const results: StackResult[] = [];
  try {
    if (moto) {
      // The set-up talks to the emulator directly, not through the proxy.
      const direct = Object.fromEntries(Object.entries(env).filter(([k]) => k.toLowerCase() !== "http_proxy"));
      await setUpOrganization(config, moto.url, direct);
    }
    const dependencies = (stack: string): string[] => manifest.stacks[stack].dependencies ?? [];
    const applyOne = async (stack: string): Promise<StackResult> => {
      const dir = path.join(work, "stacks", stack);
      cpSync(path.join(synthDir, "stacks", stack), dir, { recursive: true });
      const synthesized = JSON.parse(readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      writeFileSync(
        path.join(dir, "cdk.tf.json"),
        JSON.stringify(
          workingCopy(stack, synthesized, { providerVersion: provider, stateDir, leftOut, emulator: !!emulator }),
          null,
          2,
        ),
      );
      return applyStack(terraform, stack, dir, env, gaps, usedGaps);
    };
    // Stacks whose dependencies are applied run side by side: most of a stack's time
    // is the provider waiting out AWS's eventual consistency, not CPU.
    await inDependencyOrder(order, dependencies, PARALLEL_STACKS, async (stack, failedDependency) => {
      const result: StackResult = failedDependency
        ? { stack, error: `not applied: ${failedDependency} failed` }
        : await applyOne(stack);
      results.push(result);
      console.log(line(result));
      return result.error === undefined;
    });
    // Only an applied log-archive has anything a destroy plan could remove (--only
    // may leave it out, and an empty state destroys nothing).
    const archiveApplied = results.some((r) => r.stack === "log-archive" && !r.error);
    const destroy = archiveApplied
      ? await refusesDestroy(terraform, path.join(work, "stacks", "log-archive"), env)
      : true;
    if (archiveApplied)
      console.log(`log-archive: destroy plan ${destroy ? "refused by prevent_destroy" : "NOT refused"}`);
    await checkLeftOuts(terraform, work, synthDir, order, leftOut, provider, stateDir, env, state.leftOutSeen);
    const failed = results.filter((r) => r.error).length;
    const changed = results.filter((r) => (r.changes ?? []).length > 0).length;
    const applied = results.length - failed;
    console.log(
      `rehearsal: ${applied} stacks applied, ${changed} with changes on re-plan, ${failed} failed` +
        (destroy ? "" : ", log-archive destroyable"),
    );
    return failed === 0 && changed === 0 && destroy;
  } finally {
    moto?.proc.stdin.end();
    moto?.proc.kill();
    proxy?.server.close();
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

async function applyStack(
  terraform: string,
  stack: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  gaps: readonly EmulatorGap[],
  usedGaps: Set<EmulatorGap>,
): Promise<StackResult> {
  const init = await run(terraform, ["init", "-no-color", "-input=false"], dir, env);
  if (init.status !== 0) return { stack, error: `init: ${firstError(init.out)}` };
  const apply = await run(terraform, ["apply", "-no-color", "-input=false", "-auto-approve"], dir, env);
  writeFileSync(path.join(dir, "apply.log"), apply.out);
  if (apply.status !== 0) return { stack, error: `apply: ${firstError(apply.out)}` };
  // "Resources: 2 imported, 44 added, 0 changed, 0 destroyed."
  const summary = /Resources: (?:(\d+) imported, )?(\d+) added/.exec(apply.out);
  const applied = Number(summary?.[2] ?? NaN) + Number(summary?.[1] ?? 0);
  const plan = await run(
    terraform,
    ["plan", "-no-color", "-input=false", "-detailed-exitcode", "-out=replan.tfplan"],
    dir,
    env,
  );
  writeFileSync(path.join(dir, "replan.log"), plan.out);
  if (plan.status === 1) return { stack, applied, error: `re-plan: ${firstError(plan.out)}` };
  if (plan.status === 0) return { stack, applied, changes: [] };
  const shown = JSON.parse((await run(terraform, ["show", "-json", "replan.tfplan"], dir, env)).out) as Json;
  const changes: string[] = [];
  for (const c of (shown.resource_changes ?? []) as Json[]) {
    if (c.change.actions.every((a: string) => a === "no-op" || a === "read")) continue;
    const paths = c.change.actions.includes("update")
      ? changedPaths(c.change.before, c.change.after, c.change.after_unknown)
      : ["(replaced)"];
    if (paths.length === 0) paths.push("(values known only after apply)");
    const gap = gaps.find(
      (g) => g.type === c.type && paths.every((p) => g.attributes.some((a) => p === a || p.startsWith(`${a}.`))),
    );
    if (gap) {
      usedGaps.add(gap);
      continue;
    }
    changes.push(`${c.address} (${c.change.actions.join("+")}: ${paths.join(", ")})`);
  }
  return { stack, applied, changes };
}

function line(r: StackResult): string {
  if (r.error) return `${r.stack}: FAILED ${r.error}`;
  const replan = r.changes!.length === 0 ? "no changes" : `${r.changes!.length} changes: ${r.changes!.join(", ")}`;
  return `${r.stack}: applied ${r.applied} resources, re-plan: ${replan}`;
}

async function refusesDestroy(terraform: string, dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const r = await run(terraform, ["plan", "-destroy", "-no-color", "-input=false"], dir, env);
  return r.status !== 0 && /prevent_destroy/.test(r.out);
}

/**
 * Puts each left-out type back into the first stack that has one and applies it with
 * -target: if it applies, the emulator serves it now and the entry is stale. Records,
 * per type, whether a stack had one and whether it applied.
 */
async function checkLeftOuts(
  terraform: string,
  work: string,
  synthDir: string,
  order: string[],
  leftOut: readonly LeftOut[],
  provider: string,
  stateDir: string,
  env: NodeJS.ProcessEnv,
  seen: Map<string, boolean>,
): Promise<void> {
  for (const entry of leftOut) {
    // One verdict per type and run: a type put back once need not be tried again.
    if (seen.has(entry.type)) continue;
    // A stack outside us-east-1 first: moto answers an S3 sub-resource it does not know
    // (PUT ?metrics) as CreateBucket, which in us-east-1 succeeds without doing anything.
    const having = order.filter((s) => {
      const json = JSON.parse(readFileSync(path.join(synthDir, "stacks", s, "cdk.tf.json"), "utf8"));
      return json.resource?.[entry.type] !== undefined;
    });
    const regionOf = (s: string) =>
      JSON.parse(readFileSync(path.join(synthDir, "stacks", s, "cdk.tf.json"), "utf8")).provider?.aws?.[0]?.region;
    const stack = having.find((s) => regionOf(s) !== "us-east-1") ?? having[0];
    if (!stack) continue;
    const dir = path.join(work, "stacks", stack);
    const synthesized = JSON.parse(readFileSync(path.join(synthDir, "stacks", stack, "cdk.tf.json"), "utf8"));
    // Left-out types this one refers to come back with it (an archive rule needs its
    // analyzer): -target applies them first, and their failure is this type's too.
    const text = JSON.stringify(synthesized.resource[entry.type]);
    const others = leftOut.filter((l) => l.type !== entry.type && !text.includes(`\${${l.type}.`));
    writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify(
        workingCopy(stack, synthesized, { providerVersion: provider, stateDir, leftOut: others }),
        null,
        2,
      ),
    );
    const target = `${entry.type}.${Object.keys(synthesized.resource[entry.type])[0]}`;
    // An API the emulator lacks can make the SDK retry for minutes: not serving it
    // within LEFT_OUT_CHECK_TIMEOUT_MS is a verdict too.
    const r = await run(
      terraform,
      ["apply", "-no-color", "-input=false", "-auto-approve", "-lock=false", `-target=${target}`],
      dir,
      env,
      LEFT_OUT_CHECK_TIMEOUT_MS,
    );
    const applies = r.status === 0;
    seen.set(entry.type, (seen.get(entry.type) ?? false) || applies);
    console.log(
      `left out ${entry.type}: ${applies ? `now applies (${target} in ${stack})` : `still fails: ${firstError(r.out)}`}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keep = args.includes("--keep");
  const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const only = valueOf("--only");
  const endpoint = valueOf("--endpoint");
  const values = new Set(["--only", "--endpoint"].map((f) => args.indexOf(f) + 1).filter((i) => i > 0));
  const files = args.filter((a, i) => !a.startsWith("--") && !values.has(i)).map((f) => path.resolve(f));
  const configs = files.length > 0 ? files : [DEFAULT_CONFIG_PATH, MAXIMAL];
  const state: RunState = {
    leftOut: readLeftOut(),
    gaps: readEmulatorGaps(),
    usedGaps: new Set(),
    leftOutSeen: new Map(),
    only,
    endpoint,
  };
  let ok = true;
  for (const c of configs) ok = (await rehearse(c, keep, state)) && ok;
  // Entries no longer needed fail the run, like stale checkov skips.
  const stale = [
    ...state.leftOut
      .filter((l) => state.leftOutSeen.get(l.type) !== false)
      .map(
        (l) =>
          `left-out.yaml: ${l.type} ${state.leftOutSeen.has(l.type) ? "applies now" : "is in no stack"}; remove the entry`,
      ),
    ...state.gaps
      .filter((g) => !state.usedGaps.has(g))
      .map((g) => `emulator-gaps.yaml: ${g.type} ${g.attributes.join(", ")} showed no change; remove the entry`),
  ];
  if (only || endpoint) process.exit(ok ? 0 : 1);
  for (const s of stale) console.log(s);
  process.exit(ok && stale.length === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
