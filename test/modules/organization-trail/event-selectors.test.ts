import {
  countSelectorValues,
  organizationTrailSelectors,
  type DataEventSelectionProps,
} from "../../../modules/organization-trail/event-selectors";

const LOGS = ["arn:aws:s3:::example-cloudtrail-archive-", "arn:aws:s3:::example-s3-access-logs-"];

function selectors(props: Partial<DataEventSelectionProps>) {
  return organizationTrailSelectors({ excludedArnPrefixes: LOGS, ...props });
}

const field = (s: { fieldSelector: unknown }, name: string) =>
  (s.fieldSelector as { field: string; [k: string]: unknown }[]).find((f) => f.field === name);

describe("organizationTrailSelectors", () => {
  test("always records management events", () => {
    for (const defaultMode of ["none", "write", "readWrite"] as const) {
      expect(selectors({ defaultMode })[0]).toEqual({
        name: "Management events",
        fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }],
      });
    }
  });

  test("by default records S3 object writes everywhere except the log buckets", () => {
    const [, data, deletions, ...rest] = selectors({});
    expect(rest).toEqual([]);
    expect(deletions.name).toBe("Deletions in log buckets");
    expect(field(data, "eventCategory")).toEqual({ field: "eventCategory", equalTo: ["Data"] });
    expect(field(data, "resources.type")).toEqual({ field: "resources.type", equalTo: ["AWS::S3::Object"] });
    expect(field(data, "readOnly")).toEqual({ field: "readOnly", equalTo: ["false"] });
    expect(field(data, "resources.ARN")).toEqual({ field: "resources.ARN", notStartsWith: LOGS });
  });

  test("readWrite as default records reads too, still excluding log buckets", () => {
    const [, data] = selectors({ defaultMode: "readWrite" });
    expect(field(data, "readOnly")).toBeUndefined();
    expect(field(data, "resources.ARN")).toEqual({ field: "resources.ARN", notStartsWith: LOGS });
  });

  test("none as default and no overrides records no data events", () => {
    expect(selectors({ defaultMode: "none", recordLogDeletions: false })).toHaveLength(1);
  });

  test("a bucket that records more than the default gets its own selector", () => {
    const all = selectors({ defaultMode: "write", buckets: [{ bucketName: "data", mode: "readWrite" }] });
    expect(all).toHaveLength(4);
    expect(field(all[2], "resources.ARN")).toEqual({ field: "resources.ARN", startsWith: ["arn:aws:s3:::data/"] });
    expect(field(all[2], "readOnly")).toBeUndefined();
    // ...and it is not excluded from the default selector: its writes match both.
    expect(field(all[1], "resources.ARN")).toEqual({ field: "resources.ARN", notStartsWith: LOGS });
  });

  test("a bucket that records less than the default is excluded from it, and gets exactly its mode", () => {
    const all = selectors({
      defaultMode: "readWrite",
      buckets: [
        { bucketName: "quiet", mode: "none" },
        { bucketName: "writes-only", mode: "write" },
      ],
    });
    expect(field(all[1], "resources.ARN")).toEqual({
      field: "resources.ARN",
      notStartsWith: [...LOGS, "arn:aws:s3:::quiet/", "arn:aws:s3:::writes-only/"],
    });
    expect(all).toHaveLength(4);
    expect(all[2].name).toBe("S3 data events (write), selected buckets");
    expect(field(all[2], "resources.ARN")).toEqual({
      field: "resources.ARN",
      startsWith: ["arn:aws:s3:::writes-only/"],
    });
    expect(field(all[2], "readOnly")).toEqual({ field: "readOnly", equalTo: ["false"] });
  });

  // CloudTrail's evaluation of advanced selectors for one S3 object event.
  function records(
    all: ReturnType<typeof selectors>,
    arn: string,
    readOnly: boolean,
    eventName = readOnly ? "GetObject" : "PutObject",
  ): boolean {
    return all.slice(1).some((s) => {
      const arnField = field(s, "resources.ARN") as { startsWith?: string[]; notStartsWith?: string[] };
      const ro = field(s, "readOnly") as { equalTo: string[] } | undefined;
      const names = field(s, "eventName") as { equalTo: string[] } | undefined;
      const arnOk =
        (arnField.startsWith?.some((p) => arn.startsWith(p)) ?? true) &&
        !(arnField.notStartsWith?.some((p) => arn.startsWith(p)) ?? false);
      return arnOk && (!ro || ro.equalTo.includes(String(readOnly))) && (!names || names.equalTo.includes(eventName));
    });
  }

  test.each(["none", "write", "readWrite"] as const)(
    "with default %s, every bucket records exactly the reads and writes its mode asks for",
    (defaultMode) => {
      const modes = ["none", "write", "readWrite"] as const;
      const all = selectors({ defaultMode, buckets: modes.map((m) => ({ bucketName: `b-${m}`, mode: m })) });
      for (const m of modes) {
        const arn = `arn:aws:s3:::b-${m}/key`;
        expect([m, records(all, arn, false), records(all, arn, true)]).toEqual([m, m !== "none", m === "readWrite"]);
      }
      const other = "arn:aws:s3:::undeclared/key";
      expect(records(all, other, false)).toBe(defaultMode !== "none");
      expect(records(all, other, true)).toBe(defaultMode === "readWrite");
    },
  );

  test("with no default, overrides select their buckets only, by mode", () => {
    const all = selectors({
      defaultMode: "none",
      buckets: [
        { bucketName: "a", mode: "write" },
        { bucketName: "b", mode: "readWrite" },
        { bucketName: "c", mode: "write" },
      ],
    });
    expect(all.map((s) => s.name)).toEqual([
      "Management events",
      "S3 data events (write), selected buckets",
      "S3 data events (readWrite), selected buckets",
      "Deletions in log buckets",
    ]);
    expect(field(all[1], "resources.ARN")).toEqual({
      field: "resources.ARN",
      startsWith: ["arn:aws:s3:::a/", "arn:aws:s3:::c/"],
    });
    expect(field(all[1], "readOnly")).toEqual({ field: "readOnly", equalTo: ["false"] });
  });

  test("in log buckets only deletions are recorded: no log write follows them, so they cannot loop", () => {
    const all = selectors({ defaultMode: "readWrite" });
    const log = "arn:aws:s3:::example-s3-access-logs-444444444444-eu-west-1/444444444444/k";
    expect(
      ["DeleteObject", "DeleteObjects", "PutObject", "CopyObject"].map((e) => records(all, log, false, e)),
    ).toEqual([true, true, false, false]);
    expect(records(selectors({ recordLogDeletions: false }), log, false, "DeleteObject")).toBe(false);
  });

  test("no selector can record a write or read in a log bucket", () => {
    const all = selectors({ defaultMode: "readWrite", buckets: [{ bucketName: "x", mode: "readWrite" }] });
    expect(records(all, "arn:aws:s3:::example-cloudtrail-archive-222222222222/AWSLogs/o-x/1.json.gz", false)).toBe(
      false,
    );
    expect(records(all, "arn:aws:s3:::example-s3-access-logs-444444444444-eu-west-1/k", false)).toBe(false);
    expect(records(all, "arn:aws:s3:::example-s3-access-logs-archive-222222222222/k", true)).toBe(false);
    expect(records(all, "arn:aws:s3:::example-payments-prod-data/k", false)).toBe(true);
  });

  test("rejects a bucket inside a log-bucket prefix", () => {
    expect(() => selectors({ buckets: [{ bucketName: "example-s3-access-logs-mine", mode: "readWrite" }] })).toThrow(
      /bucket "example-s3-access-logs-mine" matches the log-bucket prefix "arn:aws:s3:::example-s3-access-logs-"/,
    );
  });

  test("rejects selectors over CloudTrail's 500-value limit", () => {
    const buckets = Array.from({ length: 495 }, (_, i) => ({ bucketName: `b${i}`, mode: "none" as const }));
    // 1 management + 3 data conditions + 2 log prefixes + 489 exclusions
    // + the log deletions' 4 conditions and 2 prefixes = 501
    expect(() => selectors({ buckets: buckets.slice(0, 489) })).toThrow(
      /need 501 condition values; CloudTrail allows 500\. Each bucket whose dataEvents differs from trail\.dataEvents adds one: set trail\.dataEvents to the mode most buckets need/,
    );
    expect(countSelectorValues(selectors({ buckets: buckets.slice(0, 488) }))).toBe(500);
  });
});
