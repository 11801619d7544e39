/**
 * Writes config/organization.schema.json from the zod schema, so editors can complete
 * and check configuration files. `--check` fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { configSchema } from "../config/schema";

const target = path.join(__dirname, "..", "config", "organization.schema.json");
const schema = {
  ...z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }),
  $id: "https://s3-audit-baseline/config/organization.schema.json",
  title: "s3-audit-baseline organization configuration",
};
const text = `${JSON.stringify(schema, null, 2)}\n`;

if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== text) {
    console.error(`${path.relative(process.cwd(), target)} is out of date: run npm run schema`);
    process.exit(1);
  }
  console.log("config/organization.schema.json is up to date");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
