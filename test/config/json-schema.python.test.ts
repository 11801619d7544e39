import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG_PATH } from "../../config/load";
import { CHECKOV_PYTHON } from "../support/checkov";

const SCHEMA = path.join(__dirname, "..", "..", "config", "organization.schema.json");
const MAXIMAL = path.join(__dirname, "..", "fixtures", "maximal.yaml");

/** What an editor's JSON Schema validator says of a document: python-jsonschema, draft 2020-12 (checkov's). */
function problems(document: unknown): string[] {
  const script = [
    "import json, sys, jsonschema",
    "schema = json.load(open(sys.argv[1]))",
    "jsonschema.Draft202012Validator.check_schema(schema)",
    "errors = jsonschema.Draft202012Validator(schema).iter_errors(json.load(sys.stdin))",
    "print(json.dumps(sorted('/'.join(map(str, e.absolute_path)) + ': ' + e.message for e in errors)))",
  ].join("\n");
  const run = spawnSync(CHECKOV_PYTHON, ["-c", script, SCHEMA], { input: JSON.stringify(document), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`jsonschema failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

describe("config/organization.schema.json, as editors read it", () => {
  const example = () => parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8"));

  test("is a valid draft 2020-12 schema that accepts the example and the maximal configuration", () => {
    expect(problems(example())).toEqual([]);
    expect(problems(parse(readFileSync(MAXIMAL, "utf8")))).toEqual([]);
  });

  test("checks every account through its one definition, and rejects unknown keys", () => {
    const doc = example();
    doc.accounts.members[0].id = "12345";
    doc.accounts.logArchive.buckets = [{ name: "b", encryptoin: "SSE-S3" }];
    expect(problems(doc)).toEqual([
      "accounts/logArchive/buckets/0: Additional properties are not allowed ('encryptoin' was unexpected)",
      "accounts/members/0/id: '12345' does not match '^\\\\d{12}$'",
    ]);
  });
});
