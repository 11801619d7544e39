import { App } from "cdktf";
import { ConfigError, configPathFromEnv, loadConfigFile } from "./config/load";
import { defineOrganization } from "./stacks/organization";

// Validate the whole configuration before any stack exists, so an invalid file
// writes nothing.
const file = configPathFromEnv();
let config;
try {
  config = loadConfigFile(file);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}

const app = new App();
defineOrganization(app, config);
app.synth();
