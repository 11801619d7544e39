/**
 * The monthly cost of what this project deploys for an organization:
 *
 *   npm run cost                                   # the example organization
 *   BASELINE_CONFIG=org.yaml npm run cost          # your organization
 *   npm run cost -- --assumptions my.yaml          # your usage figures
 *
 * Counts come from the synthesized stacks (every guardrail applied); usage from cost/assumptions.ts
 * (overridable); prices from cost/prices.json.
 */
import { assumptionsWith, AssumptionsError, loadAssumptionsFile, type Assumptions } from "../cost/assumptions";
import { estimate } from "../cost/estimate";
import { inventory } from "../cost/inventory";
import { renderReport } from "../cost/report";
import { organizationStackJsons } from "../cost/synthesize";
import { ConfigError, configPathFromEnv, loadConfigFile } from "../config/load";
import { GuardrailError } from "../modules/guardrails";

const USAGE = "usage: npm run cost -- [--assumptions <file.yaml|file.json>]";

async function main(argv: string[]): Promise<number> {
  let assumptionsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--assumptions" && argv[i + 1]) assumptionsFile = argv[++i];
    else if (argv[i].startsWith("--assumptions=")) assumptionsFile = argv[i].slice("--assumptions=".length);
    else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
      return 2;
    }
  }
  let overrides: Partial<Assumptions> = {};
  try {
    if (assumptionsFile) overrides = loadAssumptionsFile(assumptionsFile);
  } catch (e) {
    if (e instanceof AssumptionsError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const configFile = configPathFromEnv();
  let config;
  try {
    config = loadConfigFile(configFile);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const assumptions = assumptionsWith(overrides);
  let stacks;
  try {
    stacks = await organizationStackJsons(config);
  } catch (e) {
    if (e instanceof GuardrailError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const inv = inventory(stacks);
  const result = estimate(inv, assumptions);
  console.log(
    renderReport(result, inv, assumptions, {
      configFile: process.env.BASELINE_CONFIG?.trim() || "config/organization.yaml",
      organizationName: config.organization.name,
      assumptionsFile,
      overridden: new Set(Object.keys(overrides)),
    }),
  );
  return 0;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
