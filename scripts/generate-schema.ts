/**
 * Writes config/organization.schema.json from the zod schema, so editors can complete
 * and check configuration files. `--check` fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { configJsonSchema } from "../config/reference";

const target = path.join(__dirname, "..", "config", "organization.schema.json");
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

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
