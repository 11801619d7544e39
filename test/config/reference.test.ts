import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { configJsonSchema, referenceRows, referenceTable, type JsonSchemaNode } from "../../config/reference";
import { ACCESS_LOG_BUCKET_DEFAULTS } from "../../modules/access-log-bucket/defaults";
import { CLOUDTRAIL_ARCHIVE_DEFAULTS } from "../../modules/cloudtrail-archive/defaults";
import { LOG_ANALYTICS_DEFAULTS } from "../../modules/log-analytics/defaults";
import { ORGANIZATION_TRAIL_DEFAULTS } from "../../modules/organization-trail/defaults";
import { RESPONDER_DEFAULTS } from "../../modules/security-responder/events";
import { BUCKET_ALARM_DEFAULTS } from "../../modules/bucket-baseline/defaults";

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as JsonSchemaNode;

describe("referenceRows", () => {
  const person = z
    .strictObject({
      name: z.string().describe("Their name."),
      team: z.string().optional().meta({ defaultFrom: "defaults.team" }).describe("Their team."),
      age: z.number().int().positive().max(150).optional().describe("Their age."),
    })
    .meta({ id: "person" });
  const schema = z.strictObject({
    owner: person.describe("Who owns it."),
    deputy: person.optional().describe("Who stands in."),
    helpers: z.array(person).default([]).describe("Everyone else."),
    defaults: z.strictObject({ team: z.string().default("core").describe("The default team.") }).prefault({}),
    store: z
      .discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("memory") }),
        z.strictObject({ kind: z.literal("disk"), path: z.string().describe("Where to write.") }),
      ])
      .default({ kind: "memory" })
      .describe("Where state goes."),
    mode: z.enum(["fast", "safe"]).default("safe").describe("How it runs; `<mode>` in names."),
  });

  test("a definition used in several fields is listed once, after its last use, under their common path", () => {
    expect(referenceRows(jsonSchema(schema)).map((r) => [r.field, r.default])).toEqual([
      ["owner", "required"],
      ["deputy", "none"],
      ["helpers[]", "`[]`"],
      ["*.name", "required"],
      ["*.team", "`defaults.team`"],
      ["*.age", "none"],
      ["defaults.team", "`core`"],
      ["store", '`{"kind":"memory"}`'],
      ["store.kind", "`memory`"],
      ["store.path", "required"],
      ["mode", "`safe`"],
    ]);
  });

  test("the meaning is the description, then what the schema's keywords say of the values", () => {
    const rows = new Map(referenceRows(jsonSchema(schema)).map((r) => [r.field, r.meaning]));
    expect(rows.get("*.age")).toBe("Their age. Values: a whole number, at least 1, at most 150.");
    expect(rows.get("mode")).toBe("How it runs; `<mode>` in names. Values: one of `fast`, `safe`.");
    expect(rows.get("store")).toBe("Where state goes.");
    expect(rows.get("store.kind")).toBe(
      "The kind; the rows marked (`kind: <kind>`) below are its fields. Values: one of `memory`, `disk`.",
    );
    expect(rows.get("store.path")).toBe("(`kind: disk`) Where to write.");
  });

  test("a definition inside a definition, a union of definitions and a list of unions are listed in full", () => {
    const point = z.strictObject({ x: z.number().describe("Across.") }).meta({ id: "point" });
    const shape = z
      .strictObject({ at: point.describe("Where."), size: z.number().int().max(10).describe("How big.") })
      .meta({ id: "shape" });
    const circle = z
      .strictObject({ kind: z.literal("circle"), r: z.number().describe("Radius.") })
      .meta({ id: "circle" });
    const dot = z.strictObject({ kind: z.literal("dot") }).meta({ id: "dot" });
    const nested = z.strictObject({
      first: shape.describe("One shape."),
      second: shape.optional().describe("Another."),
      marks: z
        .array(z.discriminatedUnion("kind", [circle, dot]).describe("A mark."))
        .default([])
        .describe("Marks."),
    });
    expect(referenceRows(jsonSchema(nested)).map((r) => `${r.field} | ${r.default} | ${r.meaning}`)).toEqual([
      "first | required | One shape.",
      "second | none | Another.",
      "*.at | required | Where.",
      "*.at.x | required | Across.",
      "*.size | required | How big. Values: a whole number, at most 10.",
      "marks[] | `[]` | Marks.",
      "marks[].kind | required | The kind; the rows marked (`kind: <kind>`) below are its fields. Values: one of `circle`, `dot`.",
      "marks[].r | required | (`kind: circle`) Radius.",
    ]);
  });

  test("a definition used at different depths is an error, not a wrong path", () => {
    const leaf = z.strictObject({ v: z.number().describe("V.") }).meta({ id: "leaf" });
    const uneven = z.strictObject({ a: leaf.describe("A."), b: z.strictObject({ c: leaf.describe("C.") }) });
    expect(() => referenceRows(jsonSchema(uneven))).toThrow(
      "configuration schema: definition leaf is used at different depths (a, b.c); give each use its own schema",
    );
  });

  test("a field without a description is an error that names it", () => {
    const bare = z.strictObject({ outer: z.strictObject({ inner: z.number() }) });
    expect(() => referenceRows(jsonSchema(bare))).toThrow(
      "configuration field outer.inner has no description: add .describe() in schema.ts",
    );
  });

  test("the table escapes what Markdown would read as a cell border or an HTML tag, outside code", () => {
    const table = referenceTable([{ field: "a", default: "none", meaning: "x | y, <base>/`<id>`.md" }]);
    expect(table.split("\n")[2]).toBe("| `a` | none | x \\| y, &lt;base>/`<id>`.md |");
  });
});

describe("the configuration reference", () => {
  const rows = new Map(referenceRows().map((r) => [r.field, r]));

  test("every account is one definition in the JSON Schema, listed once as accounts.*", () => {
    const schema = configJsonSchema();
    expect(Object.keys(schema.$defs ?? {})).toEqual(["account"]);
    expect(rows.get("accounts.*.id")?.default).toBe("required");
    expect(rows.get("accounts.*.roleName")?.default).toBe("`deployment.roleName`");
    expect([...rows.keys()].filter((f) => f.startsWith("accounts.management."))).toEqual([]);
  });

  test("defaults are the modules' own", () => {
    const defaults: [string, unknown][] = [
      ["archive.expirationDays", CLOUDTRAIL_ARCHIVE_DEFAULTS.expirationDays],
      ["archive.objectLock.days", CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock.days],
      ["archive.objectLock.mode", CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock.mode],
      ["archive.transitionToGlacierDays", CLOUDTRAIL_ARCHIVE_DEFAULTS.transitionToGlacierDays],
      ["archive.accessLogExpirationDays", ACCESS_LOG_BUCKET_DEFAULTS.expirationDays],
      ["trail.dataEvents", ORGANIZATION_TRAIL_DEFAULTS.dataEvents],
      ["trail.cloudWatchLogsRetentionDays", ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogsRetentionDays],
      ["audit.athena.scanLimitGb", LOG_ANALYTICS_DEFAULTS.scanLimitGb],
      ["responder.exceptionTag", RESPONDER_DEFAULTS.exceptionTag],
      ["accounts.*.buckets[].alarms.minimumRequests", BUCKET_ALARM_DEFAULTS.minimumRequests],
    ];
    expect(defaults.map(([field]) => rows.get(field)?.default)).toEqual(defaults.map(([, v]) => `\`${String(v)}\``));
  });

  test("every field the maximal configuration sets has a row", () => {
    const raw = parse(readFileSync(path.join(__dirname, "..", "fixtures", "maximal.yaml"), "utf8"));
    const fields = new Set<string>();
    const walk = (value: unknown, at: string[]) => {
      if (Array.isArray(value)) {
        if (value.some((v) => typeof v === "object"))
          value.forEach((v) => walk(v, [...at.slice(0, -1), `${at.at(-1)}[]`]));
        else fields.add(at.join("."));
      } else if (value && typeof value === "object" && !(at.at(-1) === "Condition")) {
        for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
      } else fields.add(at.join("."));
    };
    walk(raw, []);
    const asDocumented = (f: string) =>
      f
        .replace(/^accounts\.(management|logArchive|security|members\[\])\./, "accounts.*.")
        .replace(/\.Principal\..*$/, ".Principal");
    const missing = [...fields].map(asDocumented).filter((f) => !rows.has(f));
    expect(missing).toEqual([]);
    expect(fields.size).toBeGreaterThan(40);
  });
});
