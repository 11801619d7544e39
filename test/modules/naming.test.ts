import { ResourceNames, s3BucketNameProblems } from "../../modules/naming";

describe("ResourceNames", () => {
  const names = new ResourceNames({ prefix: "example" });

  test("derives the names the archive and trail stacks share", () => {
    expect(names.cloudTrailArchiveBucket("222222222222")).toBe("example-cloudtrail-archive-222222222222");
    expect(names.accessLogBucket("444444444444", "us-east-1")).toBe("example-s3-access-logs-444444444444-us-east-1");
    expect(names.accessLogArchiveBucket("222222222222")).toBe("example-s3-access-logs-archive-222222222222");
    expect(names.trailArn("eu-west-1", "111111111111", "org-trail")).toBe(
      "arn:aws:cloudtrail:eu-west-1:111111111111:trail/example-org-trail",
    );
    expect(names.cloudTrailArchiveKeyAlias()).toBe("alias/example-cloudtrail-archive");
  });

  test("every log bucket name falls under a log-bucket prefix", () => {
    const logBuckets = [
      names.cloudTrailArchiveBucket("222222222222"),
      names.accessLogBucket("444444444444", "eu-west-1"),
      names.accessLogArchiveBucket("222222222222"),
    ];
    for (const b of logBuckets) {
      expect(names.logBucketPrefixes().some((p) => b.startsWith(p))).toBe(true);
    }
  });
});

describe("s3BucketNameProblems", () => {
  test.each(["abc", "my-bucket.example", "a".repeat(63), "1bucket"])("accepts %s", (name) => {
    expect(s3BucketNameProblems(name)).toEqual([]);
  });

  test.each([
    ["ab", "must be 3 to 63 characters long (is 2)"],
    ["a".repeat(64), "must be 3 to 63 characters long (is 64)"],
    ["My-Bucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["-bucket", "must begin and end with a letter or digit"],
    ["bucket.", "must begin and end with a letter or digit"],
    ["a..b", "must not contain two adjacent dots"],
    ["10.0.0.1", "must not be formatted as an IP address"],
    ["xn--bucket", 'must not start with the reserved prefix "xn--"'],
    ["sthree-bucket", 'must not start with the reserved prefix "sthree-"'],
    ["bucket--ol-s3", 'must not end with the reserved suffix "--ol-s3"'],
    ["bucket.mrap", 'must not end with the reserved suffix ".mrap"'],
  ])("rejects %s", (name, problem) => {
    expect(s3BucketNameProblems(name)).toContain(problem);
  });
});
