import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  ASSUMPTIONS,
  ASSUMPTION_NAMES,
  assumptionsWith,
  AssumptionsError,
  loadAssumptionsFile,
  parseAssumptions,
} from "../../cost/assumptions";

const problems = (text: string): string[] => {
  try {
    parseAssumptions(text, "my.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(AssumptionsError);
    return (e as AssumptionsError).problems;
  }
  throw new Error("expected an AssumptionsError");
};

describe("assumption files", () => {
  test("YAML or JSON override only the values they name", () => {
    expect(parseAssumptions("requestsPerBucket: 5000000\nwriteRequestShare: 0.5\n")).toEqual({
      requestsPerBucket: 5_000_000,
      writeRequestShare: 0.5,
    });
    expect(parseAssumptions('{"athenaTbScannedPerMonth": 2}')).toEqual({ athenaTbScannedPerMonth: 2 });
    expect(parseAssumptions("")).toEqual({});
    const merged = assumptionsWith({ athenaTbScannedPerMonth: 2 });
    expect(merged.athenaTbScannedPerMonth).toBe(2);
    expect(merged.requestsPerBucket).toBe(ASSUMPTIONS.requestsPerBucket.value);
  });

  test("an unknown key is named, with the assumption it probably meant", () => {
    expect(problems("requestsPerBuckt: 5\n")).toEqual([
      'requestsPerBuckt: unknown assumption (did you mean "requestsPerBucket"?)',
    ]);
    expect(problems("colour: 5\n")).toEqual(["colour: unknown assumption"]);
  });

  test("a value that is not a number is named with the unit expected", () => {
    expect(problems('requestsPerBucket: "a lot"\n')).toEqual([
      'requestsPerBucket: must be a number (requests/bucket/month), got "a lot"',
    ]);
    expect(problems('managementEventsPerAccount: "500000"\n')).toEqual([
      'managementEventsPerAccount: must be a number (events/account/month), got "500000"',
    ]);
    expect(problems("kmsRotationsPerKey: [1, 2]\n")).toEqual([
      "kmsRotationsPerKey: must be a number (rotations/key), got [1,2]",
    ]);
  });

  test("negative numbers and shares above 1 are refused", () => {
    expect(problems("requestsPerBucket: -1\n")).toEqual(["requestsPerBucket: must be 0 or more, got -1"]);
    expect(problems("writeRequestShare: 1.5\n")).toEqual(["writeRequestShare: is a share, at most 1, got 1.5"]);
  });

  test("every problem at once, in the message, with the file name", () => {
    try {
      parseAssumptions("requestsPerBuckt: 5\nwriteRequestShare: lots\n", "my.yaml");
      throw new Error("expected an AssumptionsError");
    } catch (e) {
      expect((e as Error).message).toBe(
        "my.yaml: 2 problems in the assumptions:\n" +
          '  - requestsPerBuckt: unknown assumption (did you mean "requestsPerBucket"?)\n' +
          '  - writeRequestShare: must be a number (share), got "lots"',
      );
    }
  });

  test("a document that is not a mapping, or a missing file", () => {
    expect(problems("- 1\n- 2\n")).toEqual(["must be a mapping of assumption names to numbers"]);
    expect(() => loadAssumptionsFile("/nonexistent/assumptions.yaml")).toThrow(/the file does not exist/);
  });

  test("every assumption has a unit and a description, and a default within its bounds", () => {
    for (const name of ASSUMPTION_NAMES) {
      const d: { value: number; unit: string; what: string; share?: boolean } = ASSUMPTIONS[name];
      expect([name, d.unit.length > 0, d.what.length > 0, d.value >= 0, !d.share || d.value <= 1]).toEqual([
        name,
        true,
        true,
        true,
        true,
      ]);
    }
  });
});

describe("npm run cost -- --assumptions", () => {
  const run = (file: string) =>
    spawnSync(
      path.join(__dirname, "../../node_modules/.bin/tsx"),
      [path.join(__dirname, "../../scripts/cost.ts"), "--assumptions", file],
      { encoding: "utf8", env: { ...process.env, BASELINE_CONFIG: "" } },
    );

  test("an invalid file exits 1 with the named field, before any synthesis", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cost-assumptions-"));
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, "requestsPerBucket: many\nfoo: 1\n");
    const result = run(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("2 problems in the assumptions");
    expect(result.stderr).toContain('requestsPerBucket: must be a number (requests/bucket/month), got "many"');
    expect(result.stderr).toContain("foo: unknown assumption");
  });
});
