/**
 * Two projects, one run:
 * - `unit`: constructs, stacks, config, guardrails, the detection catalog, the
 *   handlers' pure logic. Node.js alone: `npm run test:unit`.
 * - `python`: the files named `*.python.test.ts`, which need the Python tools of
 *   `.venv/` (moto in server mode, checkov, sqlglot with DuckDB). One moto server per
 *   worker is started for this project only.
 * `npm test` installs the Python tools and runs both.
 */
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: {
    // Type checking is `npm run typecheck`'s job; transpiling only keeps tests fast.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
};

const PYTHON_TESTS = "\\.python\\.test\\.ts$";

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", PYTHON_TESTS],
      setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
    },
    {
      ...common,
      displayName: "python",
      testMatch: ["**/*.python.test.ts"],
      setupFilesAfterEnv: ["<rootDir>/test/setup.ts", "<rootDir>/test/support/moto-setup.ts"],
      // One moto server per worker, started only when a test of this project runs.
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
    },
  ],
  // Each worker loads cdktf and the provider classes once per file; two workers fit
  // two cores without thrashing.
  maxWorkers: 2,
  // moto-backed tests make dozens of HTTP calls; with checkov busy on the other core
  // they can pass jest's 5 s default.
  testTimeout: 30_000,
};
