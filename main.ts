import { writeFileSync } from "node:fs";
import { App } from "cdktf";
import { ConfigError, configPathFromEnv, loadConfigFile } from "./config/load";
import { GuardrailError } from "./modules/guardrails";
import { FrameworkMismatchError } from "./modules/framework";
import { synthesizeOrganization } from "./stacks/organization";

// The configuration is validated before the App exists (the App creates the output
// folder), and the guardrails of every stack before any stack is written.
async function main(): Promise<void> {
  try {
    const config = loadConfigFile(configPathFromEnv());
    const report = await synthesizeOrganization(new App(), config);
    // For `npm run bench:synth`: what the worker processes used.
    const reportFile = process.env.BASELINE_SYNTH_REPORT;
    if (reportFile) writeFileSync(reportFile, JSON.stringify(report));
  } catch (e) {
    if (!(e instanceof ConfigError || e instanceof GuardrailError || e instanceof FrameworkMismatchError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

void main();
