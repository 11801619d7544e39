import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import type { OrganizationConfig } from "./schema";
import { formatPath, validateConfig, type ConfigPath, type ConfigProblem } from "./validate";

/** The example organization, used when no configuration file is named. */
export const DEFAULT_CONFIG_PATH = path.join(__dirname, "organization.yaml");

/** The environment variable that names a configuration file. */
export const CONFIG_ENV = "BASELINE_CONFIG";

export interface LocatedProblem extends ConfigProblem {
  /** 1-based line in the file, where the path could be found. */
  readonly line?: number;
}

/** Every problem of a configuration file, formatted one per line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: LocatedProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the configuration:\n` +
        problems.map((p) => `  - ${formatPath(p.path)}: ${p.message}${p.line ? ` (line ${p.line})` : ""}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/**
 * Parses and validates a configuration given as YAML or JSON text (JSON is YAML).
 * @throws ConfigError listing every problem, each with its path and line.
 */
export function parseConfig(text: string, file = "<config>"): OrganizationConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const detail = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        return { path: [], message: `cannot parse: ${detail} (column ${pos.col})`, line: pos.line };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new ConfigError(file, [{ path: [], message: "the file is empty" }]);
  }
  const result = validateConfig(raw);
  if (!result.ok) {
    throw new ConfigError(
      file,
      result.problems
        .map((p) => ({ ...p, line: lineOf(doc.contents, p.path, lineCounter) }))
        .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)),
    );
  }
  return result.config;
}

/** Reads a configuration file. @throws ConfigError when it is missing, unreadable or invalid. */
export function loadConfigFile(file: string): OrganizationConfig {
  if (!existsSync(file)) {
    throw new ConfigError(file, [{ path: [], message: "the configuration file does not exist" }]);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [{ path: [], message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseConfig(text, file);
}

/** The file named by BASELINE_CONFIG, else the example organization. */
export function configPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const named = env[CONFIG_ENV];
  return named && named.trim() !== "" ? path.resolve(named) : DEFAULT_CONFIG_PATH;
}

/** The line of the deepest node on `path` that exists in the document. */
function lineOf(root: unknown, p: ConfigPath, lc: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line = node?.range ? lc.linePos(node.range[0]).line : undefined;
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (keyNode?.range) line = lc.linePos(keyNode.range[0]).line;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg] as Node;
      if (node?.range) line = lc.linePos(node.range[0]).line;
    } else break;
  }
  return line;
}
