import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * The directory of a bundled handler (npm run bundle writes dist/lambda/<name>),
 * resolved from this module whether it runs from source (modules/) or compiled
 * (dist/modules/), never from the working directory.
 */
export function lambdaBundleDir(name: string): string {
  const candidates = [
    path.join(__dirname, "..", "..", "dist", "lambda", name),
    path.join(__dirname, "..", "..", "lambda", name),
  ];
  const found = candidates.find((c) => existsSync(path.join(c, "index.js")));
  if (!found) throw new Error(`the ${name} Lambda bundle is missing (${candidates[0]}): run npm run bundle`);
  return found;
}
