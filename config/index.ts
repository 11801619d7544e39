// `s3-audit-baseline/config`: the organization configuration, its schema and its
// validation, for a repository that loads its own file and builds the stacks of
// `s3-audit-baseline/stacks` from it.
export { CONFIG_ENV, ConfigError, DEFAULT_CONFIG_PATH, configPathFromEnv, loadConfigFile, parseConfig } from "./load";
export type { LocatedProblem } from "./load";
export { formatPath, validateConfig, type ConfigPath, type ConfigProblem, type ValidationResult } from "./validate";
export { configSchema } from "./schema";
export { GLOBAL_EVENTS_REGION, topology, type BaselineRegion, type Topology } from "./topology";
export type * from "./schema";
