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
  if (n.minimum !== undefined) parts.push(`at least ${n.minimum}`);
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
 * that value. Every field must have a description: one without is an error.
 */
export function referenceRows(schema: JsonSchemaNode = configJsonSchema()): ReferenceRow[] {
  const defs = schema.$defs ?? {};
  const defName = (ref: string) => {
    const name = ref.replace(/^#\/\$defs\//, "");
    if (!defs[name]) throw new Error(`unresolved $ref ${ref}`);
    return name;
  };

  // Where each definition is used: the paths, and the last one met.
  const uses = new Map<string, string[][]>();
  const collect = (n: JsonSchemaNode, path: string[]) => {
    if (n.$ref) {
      const name = defName(n.$ref);
      uses.set(name, [...(uses.get(name) ?? []), path]);
      collect(defs[name], path);
      return;
    }
    for (const [k, p] of Object.entries(n.properties ?? {})) collect(p, [...path, k]);
    if (n.items) collect(n.items, [...path.slice(0, -1), `${path[path.length - 1]}[]`]);
    for (const v of variantsOf(n) ?? []) collect(v, path);
  };
  collect(schema, []);
  const prefixOf = (paths: string[][]) =>
    paths[0].map((segment, i) => (paths.every((p) => p[i] === segment) ? segment : "*"));

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
    if (!description) throw new Error(`configuration field ${field} has no description: add .describe() in schema.ts`);
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

  const met = new Map<string, number>();
  const visit = (site: JsonSchemaNode, path: string[], required: boolean, note: string): void => {
    const deref = (n: JsonSchemaNode) => (n.$ref ? defs[defName(n.$ref)] : n);
    const target = deref(site);
    // A list of objects is shown as `field[]`, and its items' fields under that.
    const itemSite = target.type === "array" ? target.items : undefined;
    const item = itemSite ? deref(itemSite) : undefined;
    if (isObject(target) || (item && isObject(item))) {
      const body = item ?? target;
      const shown = item ? [...path.slice(0, -1), `${path[path.length - 1]}[]`] : path;
      // A section or list gets a row when it says something of itself; its fields always do.
      const description = site.description ?? target.description ?? item?.description;
      if (description) row(shown, { ...site, description }, target, required, note);
      const ref = item ? itemSite!.$ref : site.$ref;
      if (!ref) return fields(body, shown, note);
      const name = defName(ref);
      met.set(name, (met.get(name) ?? 0) + 1);
      if (met.get(name) === uses.get(name)!.length) fields(body, prefixOf(uses.get(name)!), note);
      return;
    }
    const variants = variantsOf(target);
    if (variants && variants.every(isObject)) {
      const tag = Object.keys(variants[0].properties!).find((k) =>
        variants.every((v) => v.properties![k]?.const !== undefined),
      );
      if (!tag) throw new Error(`configuration field ${path.join(".")}: a union of objects needs a const field`);
      const values = variants.map((v) => code(v.properties![tag].const)).join(", ");
      row(path, site, target, required, note);
      const chosen = (site.default as Record<string, unknown> | undefined)?.[tag];
      const which = {
        description: `The kind; the rows marked (\`${tag}: <kind>\`) below are its fields.`,
        ...(chosen !== undefined ? { default: chosen } : {}),
      };
      row([...path, tag], which, {}, true, note, ` Values: one of ${values}.`);
      for (const v of variants) {
        const rest = { ...v, properties: Object.fromEntries(Object.entries(v.properties!).filter(([k]) => k !== tag)) };
        fields(rest, path, `${note}(\`${tag}: ${String(v.properties![tag].const)}\`) `);
      }
      return;
    }
    row(path, site, target, required, note);
  };

  fields(schema, []);
  return rows;
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
