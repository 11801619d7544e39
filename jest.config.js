/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run typecheck`'s job; transpiling only keeps tests fast.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // One moto server per worker for the tests that talk to AWS APIs.
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  // Each worker loads cdktf and the provider classes once per file; two workers fit
  // two cores without thrashing.
  maxWorkers: 2,
  // moto-backed tests make dozens of HTTP calls; with checkov busy on the other core
  // they can pass jest's 5 s default.
  testTimeout: 30_000,
};
