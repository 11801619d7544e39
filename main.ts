import { App } from "cdktf";
import { ConfigError, configPathFromEnv, loadConfigFile } from "./config/load";
import { GuardrailError } from "./modules/guardrails";
import { synthesizeOrganization } from "./stacks/organization";

// The configuration is validated before the App exists (the App creates the output
// folder), and the guardrails of every stack before any stack is written.
try {
  const config = loadConfigFile(configPathFromEnv());
  synthesizeOrganization(new App(), config);
} catch (e) {
  if (!(e instanceof ConfigError || e instanceof GuardrailError)) throw e;
  console.error(e.message);
  process.exit(1);
}
