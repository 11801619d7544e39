import { fork } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import * as path from "node:path";
import type { Construct } from "constructs";
import { App, Aspects, Manifest, TerraformStack, type StackManifest } from "cdktf";
import { checkStack, GuardrailError, Guardrails, type GuardrailViolation } from "../modules/guardrails";
import { assertSameFramework } from "../modules/framework";

/** One stack to synthesize: its name, the stacks it deploys after, and how to build it. */
export interface StackPlan<S extends TerraformStack = TerraformStack> {
  readonly name: string;
  /** Names of the stacks this one deploys after, as `manifest.json` records them. */
  readonly dependsOn: readonly string[];
  /**
   * How big the stack is against a one-region baseline, for batching: an account's
   * stack with four regions weighs 4.
   * @default 1
   */
  readonly weight?: number;
  build(scope: Construct): S;
}

/**
 * Worker processes that rebuild the plans themselves: `module` is a file whose
 * top level calls `serveSynthesisWorker(planFor)`, and `data` (plain JSON) is what
 * `planFor` rebuilds the plans from, e.g. the validated configuration.
 */
export interface SynthesisWorkers {
  readonly module: string;
  readonly data: unknown;
}

export interface SynthesisOptions {
  /**
   * Processes that synthesize in parallel when the stacks weigh more than
   * `stacksPerProcess`. Each takes a batch weighing at most `stacksPerProcess`
   * (see StackPlan.weight), then exits, so memory stays flat however many stacks
   * there are. With 1, or fewer stacks, everything is synthesized in this process.
   * @default one per core, at most one per 400 MiB of memory (BASELINE_SYNTH_WORKERS overrides)
   */
  readonly workers?: number;
  /** @default 1000 (a worker peaks near 250 MiB) */
  readonly stacksPerProcess?: number;
  /**
   * Keep cdktf's stack trace for every token it creates (shown when a token is
   * misused). Capturing them costs a third of synthesis at a thousand accounts;
   * errors thrown during synthesis keep their traces either way.
   * @default false, or true when BASELINE_TOKEN_TRACES=1
   */
  readonly tokenTraces?: boolean;
}

export interface SynthesisReport {
  /** Stack names, in plan order. */
  readonly stacks: string[];
  /** Processes that synthesized batches (0: all in this one). */
  readonly workerProcesses: number;
  /** How many of them ran at once. */
  readonly concurrentWorkers: number;
  /** The largest peak resident memory of one worker process, in KiB (0 without workers). */
  readonly workerMaxRssKiB: number;
}

/** What synthesizing a batch of stacks into a staging folder produced. */
interface BatchResult {
  readonly manifests: StackManifest[];
  readonly violations: GuardrailViolation[];
  readonly maxRssKiB?: number;
  readonly error?: string;
}

/**
 * Synthesizes stacks into `app`'s output folder as `app.synth()` does (the same
 * files and manifest), one stack at a time: each is built, resolved once, written
 * to a staging folder, checked by the guardrails on that same JSON, and dropped
 * before the next is built. Only when every stack passes are the staged files moved
 * into place and the manifest written, so a violation anywhere leaves the output
 * folder as it was. Stacks already in `app` are synthesized here, first.
 * @throws GuardrailError listing every violation of every stack
 */
export async function synthesizeStacks(
  app: App,
  plans: readonly StackPlan[],
  options: SynthesisOptions & { readonly processes?: SynthesisWorkers } = {},
): Promise<SynthesisReport> {
  app.node.children.forEach(assertSameFramework);
  const existing = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  // Built by the caller, all present at once: their cross-stack references are
  // prepared (outputs and remote state added on both sides) before any is written,
  // as app.synth() does.
  existing.forEach((stack) => stack.prepareStack());
  const local: StackPlan[] = existing.map((stack) => ({
    name: stack.node.id,
    dependsOn: stack.dependencies.map((d) => d.node.id),
    build: () => stack,
  }));
  const tokenTraces = options.tokenTraces ?? process.env.BASELINE_TOKEN_TRACES === "1";
  const perProcess = options.stacksPerProcess ?? 1000;
  const workers = Math.max(1, options.workers ?? (Number(process.env.BASELINE_SYNTH_WORKERS) || defaultWorkers()));
  const total = plans.reduce((n, p) => n + (p.weight ?? 1), 0);
  // Batches of equal weight, as many for each process lane, none above perProcess.
  const rounds = Math.ceil(total / (workers * perProcess));
  const batches = batchesOf(plans, total / (workers * rounds), perProcess);
  const parallel = options.processes !== undefined && workers > 1 && total > perProcess;
  if (!parallel) local.push(...plans);

  const staging = mkdtempSync(path.join(app.outdir, ".staging-"));
  try {
    const staged = new Manifest(app.manifest.version, staging, app.hclOutput);
    const results: BatchResult[] = [withTokenTraces(tokenTraces, () => stageStacks(app, local, staged))];
    if (parallel) {
      results.push(...(await runBatches(options.processes!, batches, workers, staging, tokenTraces)));
    }
    const errors = results.filter((r) => r.error).map((r) => r.error);
    if (errors.length > 0) throw new Error(`synthesis failed in a worker process: ${errors.join("\n")}`);
    const violations = results.flatMap((r) => r.violations);
    if (violations.length > 0) throw new GuardrailError(violations);
    const manifests = results.flatMap((r) => r.manifests);
    for (const m of manifests) {
      const target = path.join(app.outdir, m.workingDirectory);
      // cdktf replaces a stack's assets on every synth; the rest (.terraform) stays.
      rmSync(path.join(target, "assets"), { recursive: true, force: true });
      moveFiles(path.join(staging, m.workingDirectory), target);
      app.manifest.stacks[m.name] = m;
    }
    app.manifest.writeToFile();
    const rss = results.map((r) => r.maxRssKiB ?? 0);
    return {
      stacks: manifests.map((m) => m.name),
      workerProcesses: parallel ? batches.length : 0,
      concurrentWorkers: parallel ? Math.min(workers, batches.length) : 0,
      workerMaxRssKiB: Math.max(0, ...rss),
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Stages every plan in this process; the staged manifest collects their entries. */
function stageStacks(app: App, plans: readonly StackPlan[], staged: Manifest): BatchResult {
  const violations = plans.flatMap((plan) => stageStack(app, plan, staged));
  const manifests = plans.map((p) => staged.stacks[p.name]).filter((m) => m !== undefined);
  return { manifests, violations };
}

/**
 * Builds one stack and stages it, then checks it. The stack is complete once the
 * synthesizer has run its aspects, so its Terraform JSON is fixed from then on: the
 * writer, the guardrails and the stack's validations share one resolution (each would
 * otherwise resolve every token of the stack again). Staged files of a stack that
 * fails are never moved into place.
 */
function stageStack(app: App, plan: StackPlan, staged: Manifest): GuardrailViolation[] {
  const stack = plan.build(app);
  try {
    // Stacks are built one at a time, so a reference to another stack's resource
    // cannot become a remote-state lookup: it stays a reference the
    // same-stack-reference guardrail reports. Stack names carry what crosses stacks.
    stack.ensureBackendExists();
    const resolve = stack.toTerraform.bind(stack);
    let json: ReturnType<typeof resolve> | undefined;
    stack.toTerraform = () => (json ??= resolve());
    staged.stacks[plan.name] = { ...staged.forStack(stack), dependencies: [...plan.dependsOn] };
    stack.synthesizer.synthesize({ outdir: staged.outdir, manifest: staged, skipValidation: true });
    // A stack that carries the Guardrails aspect is checked by its validation (once);
    // one that does not is checked here with the whole pack.
    const aspect = Aspects.of(stack).all.find((a): a is Guardrails => a instanceof Guardrails);
    const foreign = Aspects.of(stack).all.find(
      (a) => !(a instanceof Guardrails) && a.constructor.name === "Guardrails",
    );
    if (foreign) {
      throw new Error(
        `${stack.node.path} carries the Guardrails of another copy of s3-audit-baseline than the one synthesizing it: ` +
          "install one copy (npm ls s3-audit-baseline)",
      );
    }
    if (!aspect) {
      const violations = checkStack(stack);
      if (violations.length > 0) return violations;
    }
    try {
      stack.runAllValidations();
    } catch (e) {
      const violations = aspect ? checkStack(stack, aspect.rules) : [];
      if (violations.length > 0) return violations;
      throw e;
    }
    return [];
  } finally {
    // Nothing refers to a synthesized stack any more: let it be collected.
    app.node.tryRemoveChild(plan.name);
  }
}

interface BatchRequest {
  readonly data: unknown;
  readonly names: string[];
  readonly staging: string;
  readonly tokenTraces: boolean;
}

/** Runs the batches in at most `workers` processes at a time; results in batch order. */
async function runBatches(
  processes: SynthesisWorkers,
  batches: string[][],
  workers: number,
  staging: string,
  tokenTraces: boolean,
): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(batches.length);
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const i = next++;
      results[i] = await runBatch(processes, { data: processes.data, names: batches[i], staging, tokenTraces });
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, batches.length) }, lane));
  return results;
}

function runBatch(processes: SynthesisWorkers, request: BatchRequest): Promise<BatchResult> {
  // TypeScript sources (tests, `node --import tsx`) need the loader in the child too.
  const execArgv = processes.module.endsWith(".ts") ? ["--import", "tsx"] : [];
  return new Promise((resolve) => {
    const child = fork(processes.module, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: BatchResult | undefined;
    child.on("message", (m) => (result = m as BatchResult));
    child.on("error", (e) => (result = { manifests: [], violations: [], error: e.message }));
    child.on("exit", (code, signal) =>
      resolve(
        result ?? {
          manifests: [],
          violations: [],
          error: `worker exited (${signal ? `signal ${signal}` : `code ${code}`}) without a result`,
        },
      ),
    );
    child.send(request);
  });
}

/**
 * The body of a worker module: receives one batch, rebuilds the plans from the
 * request's data, stages the batch's stacks, replies, and exits.
 *
 * @example
 * // my-worker.ts
 * serveSynthesisWorker((config) => myPlans(config as MyConfig));
 */
export function serveSynthesisWorker(planFor: (data: unknown) => readonly StackPlan[]): void {
  process.once("message", (request: BatchRequest) => {
    let result: BatchResult;
    try {
      const names = new Set(request.names);
      const plans = planFor(request.data).filter((p) => names.has(p.name));
      const missing = [...names].filter((n) => !plans.some((p) => p.name === n));
      if (missing.length > 0) throw new Error(`the worker's plan has no stack ${missing.join(", ")}`);
      // The App only lends its tree; the stacks are staged, and the parent writes the manifest.
      const app = new App({ outdir: request.staging, skipValidation: true });
      const staged = new Manifest(app.manifest.version, request.staging, app.hclOutput);
      result = withTokenTraces(request.tokenTraces, () => stageStacks(app, plans, staged));
    } catch (e) {
      result = { manifests: [], violations: [], error: (e as Error).stack ?? String(e) };
    }
    const maxRssKiB = process.resourceUsage().maxRSS;
    process.send!({ ...result, maxRssKiB }, () => process.exit(0));
  });
}

/**
 * Consecutive plans in batches that reach `target` weight without passing `max`
 * (a single stack heavier than `max` makes a batch of its own).
 */
function batchesOf(plans: readonly StackPlan[], target: number, max: number): string[][] {
  const out: string[][] = [];
  let batch: string[] = [];
  let sum = 0;
  const flush = () => {
    if (batch.length > 0) out.push(batch);
    batch = [];
    sum = 0;
  };
  for (const p of plans) {
    const weight = p.weight ?? 1;
    if (sum + weight > max) flush();
    batch.push(p.name);
    sum += weight;
    if (sum >= target) flush();
  }
  flush();
  return out;
}

/**
 * Moves every file under `from` to the same place under `to`, keeping what else `to`
 * holds (e.g. `.terraform`); a folder `to` does not have yet moves whole.
 */
function moveFiles(from: string, to: string): void {
  if (!existsSync(to)) {
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(from, to);
    return;
  }
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) moveFiles(source, target);
    else renameSync(source, target);
  }
}

/**
 * One worker per core, as many as the memory allows at about 400 MiB each (a worker
 * peaks near 250 MiB); the memory is the container's limit where there is one.
 */
function defaultWorkers(): number {
  const memory = process.constrainedMemory?.() || totalmem();
  return Math.max(1, Math.min(availableParallelism(), Math.floor(memory / (400 * 2 ** 20))));
}

/**
 * cdktf captures a complete stack trace (unlimited depth) for every token it
 * creates, to say where a misused token came from; capturing and formatting them
 * was a third of synthesis at a thousand accounts. Without `keep`, cdktf's capture
 * records nothing while `fn` runs (synchronous only). Nothing else changes: errors,
 * and every other caller of Error.captureStackTrace, keep their traces. Should cdktf
 * move that function, traces are kept and synthesis is only slower.
 */
let warnedTraces = false;

function withTokenTraces<T>(keep: boolean, fn: () => T): T {
  const traces = cdktfStackTraces();
  if (!keep && !traces && !warnedTraces) {
    warnedTraces = true;
    console.warn(
      "s3-audit-baseline: cdktf's token trace capture was not found where expected " +
        "(lib/tokens/private/stack-trace); synthesis keeps the traces and is slower",
    );
  }
  if (keep || !traces) return fn();
  const saved = CAPTURE_FUNCTIONS.map((name) => [name, traces[name]] as const);
  for (const [name, capture] of saved) if (typeof capture === "function") traces[name] = () => [];
  try {
    return fn();
  } finally {
    for (const [name, capture] of saved) traces[name] = capture;
  }
}

/**
 * The functions tokens call through the module's exports: cdktf's tokens call
 * captureStackTrace; CDK Terrain's call captureCreationStack (which it also lets
 * CDKTN_DISABLE_CREATION_STACK switch off).
 */
const CAPTURE_FUNCTIONS = ["captureStackTrace", "captureCreationStack"] as const;

/** cdktf's module that token classes call (through its exports) to capture a trace. */
function cdktfStackTraces(): Record<(typeof CAPTURE_FUNCTIONS)[number], unknown> | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const traces = require("cdktf/lib/tokens/private/stack-trace") as Record<string, unknown>;
    return typeof traces.captureStackTrace === "function" ? traces : undefined;
  } catch {
    return undefined;
  }
}
