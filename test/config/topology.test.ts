import { GLOBAL_EVENTS_REGION, topology } from "../../config/topology";
import { exampleConfig } from "../helpers";

describe("topology", () => {
  test("every account has a baseline in each governed region and in the global-events region, once", () => {
    expect(GLOBAL_EVENTS_REGION).toBe("us-east-1");
    expect(topology(exampleConfig()).baselineRegions).toEqual(["eu-west-1", "us-east-1"]);
    const notGoverned = topology(exampleConfig((r) => (r.organization.regions = ["eu-west-1", "eu-central-1"])));
    expect(notGoverned.baselineRegions).toEqual(["eu-west-1", "eu-central-1", "us-east-1"]);
    expect(notGoverned.governedRegions).toEqual(["eu-west-1", "eu-central-1"]);
  });

  test("the trail is the delegated administrator's, else the management account's", () => {
    expect(topology(exampleConfig()).trailAccountId).toBe("111111111111");
    const delegated = topology(exampleConfig((r) => (r.trail.delegatedAdministrator = "444444444444")));
    expect(delegated.trailAccountId).toBe("444444444444");
  });

  test("the central bus is the security account's, else the trail's", () => {
    expect(topology(exampleConfig()).securityEventsAccountId).toBe("333333333333");
    const withoutSecurity = (edit: (r: Record<string, any>) => void = () => undefined) =>
      topology(
        exampleConfig((r) => {
          delete r.accounts.security;
          r.audit = { athena: { enabled: false } };
          edit(r);
        }),
      ).securityEventsAccountId;
    expect(withoutSecurity()).toBe("111111111111");
    expect(withoutSecurity((r) => (r.trail.delegatedAdministrator = "444444444444"))).toBe("444444444444");
  });

  test("the deployment role is the account's own, else deployment.roleName", () => {
    const t = topology(exampleConfig());
    expect(t.deploymentRoleNames).toEqual(["OrganizationAccountAccessRole", "s3-audit-baseline-deployer"]);
    expect(t.deploymentRoleArn("111111111111")).toBe("arn:aws:iam::111111111111:role/s3-audit-baseline-deployer");
    expect(t.deploymentRoleArn("444444444444")).toBe("arn:aws:iam::444444444444:role/OrganizationAccountAccessRole");
  });

  test("a bucket lives in its own region, else the home region", () => {
    const t = topology(exampleConfig());
    expect(t.bucketRegion({ region: "us-east-1" })).toBe("us-east-1");
    expect(t.bucketRegion({})).toBe("eu-west-1");
  });

  describe("baselineRegion", () => {
    const config = exampleConfig((r) => {
      r.organization.regions = ["eu-west-1", "eu-central-1"];
      r.accounts.members[0].buckets.push({ name: "example-payments-prod-frankfurt", region: "eu-central-1" });
      r.accounts.members[0].releasedBuckets = [{ name: "example-payments-prod-old", region: "eu-central-1" }];
    });
    const t = topology(config);
    const [logArchive, payments] = [config.accounts.logArchive, config.accounts.members[0]];
    const summary = (account: typeof payments, region: string) => {
      const r = t.baselineRegion(account, region);
      return {
        home: r.home,
        governed: r.governed,
        inLogArchiveStack: r.accessLogBucketInLogArchiveStack,
        buckets: r.buckets.map((b) => b.name),
        released: r.releasedBuckets.map((b) => b.name),
      };
    };

    test("the home region holds the account-wide resources and the buckets without a region", () => {
      expect(summary(payments, "eu-west-1")).toEqual({
        home: true,
        governed: true,
        inLogArchiveStack: false,
        buckets: ["example-payments-prod-data", "example-payments-prod-exports"],
        released: [],
      });
    });

    test("another governed region holds its own buckets and releases", () => {
      expect(summary(payments, "eu-central-1")).toEqual({
        home: false,
        governed: true,
        inLogArchiveStack: false,
        buckets: ["example-payments-prod-frankfurt"],
        released: ["example-payments-prod-old"],
      });
    });

    test("the global-events region, not governed, only forwards", () => {
      expect(summary(payments, "us-east-1")).toEqual({
        home: false,
        governed: false,
        inLogArchiveStack: false,
        buckets: [],
        released: [],
      });
    });

    test("the log-archive account's home-region access-log bucket is the log-archive stack's", () => {
      expect(summary(logArchive, "eu-west-1").inLogArchiveStack).toBe(true);
      expect(summary(logArchive, "eu-central-1").inLogArchiveStack).toBe(false);
    });

    test("any other region, like an ungoverned global-events region, only forwards", () => {
      expect(summary(payments, "ap-south-1")).toEqual(summary(payments, "us-east-1"));
    });
  });
});
