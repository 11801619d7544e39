import { spawnSync } from "node:child_process";
import * as path from "node:path";

const SCRIPT = path.join(__dirname, "..", "..", "scripts", "python-tools.sh");

// The script `npm test` runs first; when a tool cannot be had, it must say which.
describe("scripts/python-tools.sh", () => {
  test("without Python it fails and names what is missing", () => {
    const run = spawnSync("bash", [SCRIPT], {
      env: { ...process.env, PYTHON: "python3-that-does-not-exist" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "python-tools: python3 is required for the checkov and moto tests and was not found; install Python 3.9 or newer (or set PYTHON)\n",
    );
  });

  test("with the tools installed it is a quick no-op", () => {
    const run = spawnSync("bash", [SCRIPT], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
  });
});
