import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError, configPathFromEnv, DEFAULT_CONFIG_PATH, loadConfigFile, parseConfig } from "../../config/load";
import { exampleRaw } from "../helpers";

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("loading a configuration file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "baseline-config-"));

  test("loads the embedded example organization", () => {
    const config = loadConfigFile(DEFAULT_CONFIG_PATH);
    expect(config.organization.name).toBe("example");
    expect(config.accounts.members.length).toBeGreaterThanOrEqual(2);
    for (const m of config.accounts.members) expect(m.buckets.length).toBeGreaterThanOrEqual(1);
  });

  test("loads JSON as well as YAML", () => {
    const file = path.join(dir, "org.json");
    writeFileSync(file, JSON.stringify(exampleRaw()));
    expect(loadConfigFile(file).organization.id).toBe("o-exampleorg1");
  });

  test("a missing file is an error naming the file", () => {
    const file = path.join(dir, "nope.yaml");
    const e = errorOf(() => loadConfigFile(file));
    expect(e.message).toBe(
      `${file}: 1 problem in the configuration:\n  - (root): the configuration file does not exist`,
    );
  });

  test("an empty file is an error", () => {
    expect(errorOf(() => parseConfig("", "empty.yaml")).message).toMatch(/\(root\): the file is empty/);
  });

  test("an unparseable file reports the line", () => {
    const e = errorOf(() =>
      parseConfig("organization:\n  id: o-exampleorg1\n  regions: [eu-west-1\naccounts: {}\n", "bad.yaml"),
    );
    expect(e.problems[0].message).toMatch(/^cannot parse: /);
    expect(e.problems[0].line).toBe(4);
  });

  test("a duplicated key is a parse error", () => {
    const e = errorOf(() => parseConfig("organization: {}\norganization: {}\n", "dup.yaml"));
    expect(e.problems[0].message).toMatch(/cannot parse: Map keys must be unique/);
    expect(e.problems[0].line).toBe(2);
  });

  test("validation problems carry the line of the offending field, sorted by line", () => {
    const raw = exampleRaw();
    raw.accounts.members[1].id = "12345";
    raw.organization.id = "bad";
    const text = stringify(raw);
    const e = errorOf(() => parseConfig(text, "org.yaml"));
    const lines = text.split("\n");
    expect(e.problems.map((p) => lines[p.line! - 1].trim())).toEqual(["id: bad", '- id: "12345"']);
    expect(e.message).toContain('accounts.members[1].id: must be 12 digits, got "12345" (line');
  });

  test("BASELINE_CONFIG names the file; without it, the example is used", () => {
    expect(configPathFromEnv({})).toBe(DEFAULT_CONFIG_PATH);
    expect(configPathFromEnv({ BASELINE_CONFIG: "orgs/acme.yaml" })).toBe(path.resolve("orgs/acme.yaml"));
  });
});
