/**
 * The configuration reference, generated from the configuration's JSON Schema: one row
 * per field with its default and its meaning. `npm run docs` writes it into the
 * README's "Configuration reference" and CI checks it is current, so a field's type,
 * default and description have one home, `schema.ts`.
 */
import { z } from "zod";
import { configSchema } from "./schema";

/** A node of a JSON Schema (draft 2020-12) as `z.toJSONSchema` writes it. */
export interface JsonSchemaNode {
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
  type?: string | string[];
  description?: string;
  default?: unknown;
  /** A default taken from another field, named by its path (`.meta({ defaultFrom })`). */
  defaultFrom?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  oneOf?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  /** Names the values when listing them would not help (`any AWS region`). */
  title?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  [keyword: string]: unknown;
}

/** The configuration's JSON Schema, as `config/organization.schema.json` holds it. */
export function configJsonSchema(): JsonSchemaNode {
  return {
    ...(z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }) as JsonSchemaNode),
    $id: "https://s3-audit-baseline/config/organization.schema.json",
    title: "s3-audit-baseline organization configuration",
  };
}

export interface ReferenceRow {
  /** `archive.objectLock.days`; `[]` marks a list's items, `*` any of several fields. */
  field: string;
  /** `required`, `none`, a value in backticks, or the field the default is taken from. */
  default: string;
  meaning: string;
}

const code = (v: unknown) => `\`${typeof v === "string" && v !== "" ? v : JSON.stringify(v)}\``;
const isObject = (n: JsonSchemaNode) => n.properties !== undefined;
const variantsOf = (n: JsonSchemaNode) => n.oneOf ?? n.anyOf;

/** What the schema's own keywords say of a field's values, as a sentence. */
function constraints(n: JsonSchemaNode): string {
  const parts: string[] = [];
  const whole = n.type === "integer";
  if (whole) parts.push("a whole number");
  // A `title` names a long list of values (AWS regions) instead of listing them.
  if (n.enum) parts.push(n.title ?? `one of ${n.enum.map(code).join(", ")}`);
  if (n.minimum !== undefined && n.minimum > -Number.MAX_SAFE_INTEGER) parts.push(`at least ${n.minimum}`);
  if (n.exclusiveMinimum !== undefined)
    parts.push(whole ? `at least ${n.exclusiveMinimum + 1}` : `above ${n.exclusiveMinimum}`);
  if (n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER) parts.push(`at most ${n.maximum}`);
  if (n.minItems !== undefined) parts.push(`at least ${n.minItems} item${n.minItems === 1 ? "" : "s"}`);
  if (n.maxItems !== undefined) parts.push(`at most ${n.maxItems} items`);
  return parts.length > 0 ? ` Values: ${parts.join(", ")}.` : "";
}

/**
 * The rows of the configuration reference, in the schema's order. A definition used
 * in several places (`$defs`, from `.meta({ id })`) is listed once, after its last
 * use, under the paths of its uses with the parts they differ in written `*`
 * (`accounts.management` and `accounts.members[]` give `accounts.*`). A union of
 * objects told apart by a `const` field lists each variant's fields, marked with
 * that value. Every field must have a description: one without is an error. A
 * record (an object with free keys) is one field.
 */
export function referenceRows(schema: JsonSchemaNode = configJsonSchema()): ReferenceRow[] {
  const defs = schema.$defs ?? {};
  const defName = (ref: string) => ref.replace(/^#\/\$defs\//, "");
  const deref = (n: JsonSchemaNode): JsonSchemaNode => {
    if (!n.$ref) return n;
    const def = defs[defName(n.$ref)];
    if (!def) throw new Error(`unresolved $ref ${n.$ref}`);
    return def;
  };

  // Where the walk meets each definition depends on where it lists the definitions
  // that hold it, so the walk is repeated until the uses it meets are the uses it
  // expected (one more round per level of nesting).
  let expected = new Map<string, string[][]>();
  for (let round = 0; round < 10; round++) {
    const met = new Map<string, string[][]>();
    const rows = walk(expected, met);
    const same =
      met.size === expected.size &&
      [...met].every(([name, paths]) => JSON.stringify(paths) === JSON.stringify(expected.get(name)));
    if (same) return rows;
    expected = met;
  }
  throw new Error("configuration schema: definitions nest too deeply, or refer to themselves");

  function walk(expected: Map<string, string[][]>, met: Map<string, string[][]>): ReferenceRow[] {
    const rows: ReferenceRow[] = [];
    const row = (
      path: string[],
      site: JsonSchemaNode,
      target: JsonSchemaNode,
      required: boolean,
      note = "",
      more = "",
    ) => {
      const field = path.join(".");
      const description = site.description ?? target.description;
      if (!description) {
        throw new Error(`configuration field ${field} has no description: add .describe() in schema.ts`);
      }
      const dflt =
        site.default !== undefined
          ? code(site.default)
          : site.defaultFrom
            ? `\`${site.defaultFrom}\``
            : required
              ? "required"
              : "none";
      rows.push({ field, default: dflt, meaning: `${note}${description}${constraints(target)}${more}` });
    };

    const fields = (n: JsonSchemaNode, path: string[], note = "") => {
      for (const [k, p] of Object.entries(n.properties ?? {}))
        visit(p, [...path, k], (n.required ?? []).includes(k), note);
    };

    /** The fields of an object, or of each variant of a union of objects, under `path`. */
    const contents = (body: JsonSchemaNode, path: string[], note: string) => {
      const variants = variantsOf(body)?.map(deref);
      if (!variants) return fields(body, path, note);
      const tag = Object.keys(variants[0].properties!).find((k) =>
        variants.every((v) => v.properties![k]?.const !== undefined),
      );
      if (!tag) throw new Error(`configuration field ${path.join(".")}: a union of objects needs a const field`);
      const values = variants.map((v) => code(v.properties![tag].const)).join(", ");
      const description = `The kind; the rows marked (\`${tag}: <kind>\`) below are its fields.`;
      const chosen = (body.default as Record<string, unknown> | undefined)?.[tag];
      row([...path, tag], { description, default: chosen }, {}, true, note, ` Values: one of ${values}.`);
      for (const v of variants) {
        const rest = { ...v, properties: Object.fromEntries(Object.entries(v.properties!).filter(([k]) => k !== tag)) };
        fields(rest, path, `${note}(\`${tag}: ${String(v.properties![tag].const)}\`) `);
      }
    };

    const hasFields = (n: JsonSchemaNode) => isObject(n) || (variantsOf(n)?.map(deref).every(isObject) ?? false);

    const visit = (site: JsonSchemaNode, path: string[], required: boolean, note: string): void => {
      const target = deref(site);
      // A list is shown as `field[]` when its items have fields, and those fields under that.
      const itemSite = target.type === "array" ? target.items : undefined;
      const item = itemSite ? deref(itemSite) : undefined;
      const list = item !== undefined && hasFields(item);
      const body = list ? item : target;
      if (!hasFields(body)) return row(path, site, target, required, note);

      const shown = list ? [...path.slice(0, -1), `${path[path.length - 1]}[]`] : path;
      // A section, list or union gets a row when it says something of itself.
      const description = site.description ?? target.description ?? item?.description;
      if (description || !isObject(body)) row(shown, { ...site, description }, target, required, note);
      const ref = list ? itemSite!.$ref : site.$ref;
      if (!ref) return contents({ ...body, default: site.default }, shown, note);
      // A definition: its fields once, after its last use, under the paths of its uses.
      const name = defName(ref);
      met.set(name, [...(met.get(name) ?? []), shown]);
      const uses = expected.get(name);
      if (uses && met.get(name)!.length === uses.length) contents(body, commonPath(name, uses), note);
    };

    fields(schema, []);
    return rows;
  }
}

/** The paths of a definition's uses, with the segments they differ in written `*`. */
function commonPath(name: string, paths: string[][]): string[] {
  if (paths.some((p) => p.length !== paths[0].length)) {
    throw new Error(
      `configuration schema: definition ${name} is used at different depths (${paths.map((p) => p.join(".")).join(", ")}); give each use its own schema`,
    );
  }
  return paths[0].map((segment, i) => (paths.every((p) => p[i] === segment) ? segment : "*"));
}

/** The reference as a Markdown table. */
export function referenceTable(rows: ReferenceRow[] = referenceRows()): string {
  // Outside code spans, `<` would open an HTML tag.
  const cell = (text: string) =>
    text
      .split("`")
      .map((part, i) => (i % 2 === 0 ? part.replace(/</g, "&lt;") : part))
      .join("`")
      .replace(/\|/g, "\\|")
      .replace(/\n+/g, " ");
  return [
    "| field | default | meaning |",
    "| --- | --- | --- |",
    ...rows.map((r) => `| \`${r.field}\` | ${cell(r.default)} | ${cell(r.meaning)} |`),
  ].join("\n");
}
