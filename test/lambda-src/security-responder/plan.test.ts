import { planRemediation, sameEncryption } from "../../../lambda-src/security-responder/plan";
import { MOTO_REGION } from "../../support/moto";
import { detail } from "./fixtures";

const CTX = { accessLogBucketPrefix: "example-s3-access-logs-" };
const kindOf = (d: unknown) => {
  const plan = planRemediation(d, CTX);
  return plan.outcome === "act" ? plan.remediation.kind : plan.outcome;
};
const everyone = (Principal: unknown, Condition?: unknown) =>
  detail("PutBucketPolicy", {
    bucketPolicy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition }],
    },
  });

describe("planRemediation", () => {
  test.each([
    ["Block Public Access removed", detail("DeleteBucketPublicAccessBlock"), "bucket-public-access"],
    [
      "Block Public Access weakened",
      detail("PutBucketPublicAccessBlock", {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: true,
        },
      }),
      "bucket-public-access",
    ],
    ["account Block Public Access removed", detail("DeleteAccountPublicAccessBlock", {}), "account-public-access"],
    ["a public ACL", detail("PutBucketAcl", { "x-amz-acl": "public-read" }), "bucket-public-access"],
    [
      "a public policy",
      detail("PutBucketPolicy", {
        bucketPolicy: { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] },
      }),
      "bucket-public-access",
    ],
    [
      "versioning suspended",
      detail("PutBucketVersioning", { VersioningConfiguration: { Status: "Suspended" } }),
      "versioning",
    ],
    ["logging turned off", detail("PutBucketLogging", { BucketLoggingStatus: {} }), "logging"],
    [
      "logging redirected to another bucket",
      detail("PutBucketLogging", { BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "someone-elses" } } }),
      "logging",
    ],
    ["default encryption removed", detail("DeleteBucketEncryption"), "encryption"],
    ["default encryption written (compared when applied)", detail("PutBucketEncryption"), "encryption"],
    ["a public object ACL", detail("PutObjectAcl", { key: "k", "x-amz-acl": ["public-read"] }), "bucket-public-access"],
    [
      "a public-read grant header on an object",
      detail("PutObjectAcl", { key: "k", "x-amz-grant-read": 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' }),
      "bucket-public-access",
    ],
    ['a policy to {"AWS": "*"}', everyone({ AWS: "*" }), "bucket-public-access"],
    ['a policy to {"AWS": ["*"]}', everyone({ AWS: ["*"] }), "bucket-public-access"],
    [
      "a policy to everyone over TLS only",
      everyone("*", { Bool: { "aws:SecureTransport": "true" } }),
      "bucket-public-access",
    ],
    [
      "a policy to everyone with a Referer",
      everyone("*", { StringLike: { "aws:Referer": "https://example.com/*" } }),
      "bucket-public-access",
    ],
    [
      "a policy to everyone from 0.0.0.0/0",
      everyone("*", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }),
      "bucket-public-access",
    ],
    [
      "a public statement beside a restricted one, in a JSON string",
      detail("PutBucketPolicy", {
        bucketPolicy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:*",
              Resource: "*",
              Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
            },
            { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" },
          ],
        }),
      }),
      "bucket-public-access",
    ],
    [
      "a single public statement not in an array",
      detail("PutBucketPolicy", {
        bucketPolicy: { Statement: { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" } },
      }),
      "bucket-public-access",
    ],
  ])("%s", (_what, d, kind) => {
    expect(kindOf(d)).toBe(kind);
  });

  test.each([
    ["an event with no detail", undefined, "the event has no detail"],
    ["a detail that is a string", "oops", "the event has no detail"],
    ["no bucket name", detail("DeleteBucketPublicAccessBlock", { bucketName: undefined }), "bucketName is missing"],
    [
      "a bucket name that is not a string",
      detail("PutBucketVersioning", { bucketName: ["a", "b"] }),
      "bucketName is missing or not a string",
    ],
    [
      "requestParameters as a string",
      { ...detail("PutBucketPolicy"), requestParameters: "{}" },
      "requestParameters is not an object",
    ],
    [
      "a non-S3 event source",
      detail("PutBucketPolicy", {}, { eventSource: "ec2.amazonaws.com" }),
      'eventSource "ec2.amazonaws.com" is not s3.amazonaws.com',
    ],
    ["an event it does not answer", detail("PutBucketTagging"), "is not an event the responder answers"],
    [
      "no account",
      detail("DeleteBucketPublicAccessBlock", {}, { recipientAccountId: undefined as never }),
      "recipientAccountId",
    ],
  ])("%s is unusable, and says why", (_what, d, problem) => {
    const plan = planRemediation(d, CTX);
    expect(plan.outcome).toBe("unusable");
    expect(plan.outcome === "unusable" && plan.problem).toContain(problem);
  });

  test.each([
    [
      "Block Public Access fully on",
      detail("PutBucketPublicAccessBlock", {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    ],
    ["a private ACL", detail("PutBucketAcl", { "x-amz-acl": "private" })],
    [
      "a policy for one account",
      detail("PutBucketPolicy", {
        bucketPolicy: {
          Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:GetObject", Resource: "*" },
          ],
        },
      }),
    ],
    ["versioning enabled", detail("PutBucketVersioning", { VersioningConfiguration: { Status: "Enabled" } })],
    [
      "logging to the account's access-log bucket for the region",
      detail("PutBucketLogging", {
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: `example-s3-access-logs-123456789012-${MOTO_REGION}` } },
      }),
    ],
    ["a refused call", detail("DeleteBucketPublicAccessBlock", {}, { errorCode: "AccessDenied" })],
    ["a private object ACL", detail("PutObjectAcl", { key: "k", "x-amz-acl": ["private"] })],
    [
      "a policy to everyone in the organization",
      everyone("*", { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } }),
    ],
    [
      "a policy to everyone from one VPC endpoint",
      everyone({ AWS: "*" }, { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }),
    ],
    [
      "a policy to everyone from a /16",
      everyone("*", { IpAddress: { "aws:SourceIp": ["198.51.100.0/24", "10.1.0.0/16"] } }),
    ],
    [
      "a policy to a service, for one source account",
      everyone({ Service: "logging.s3.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": "1" } }),
    ],
    [
      "a Deny to everyone",
      detail("PutBucketPolicy", {
        bucketPolicy: { Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] },
      }),
    ],
  ])("%s needs nothing", (_what, d) => {
    expect(planRemediation(d, CTX)).toEqual({ outcome: "none" });
  });

  test("the written encryption is compared with the declared one by algorithm, key and bucket key", () => {
    const written = (SSEAlgorithm: string, KMSMasterKeyID?: string, BucketKeyEnabled = true) => ({
      Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm, KMSMasterKeyID }, BucketKeyEnabled },
    });
    const key = "arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const declared = { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key, BucketKeyEnabled: true };
    expect(sameEncryption(written("aws:kms", key), declared)).toBe("same");
    expect(sameEncryption(written("aws:kms", "1234abcd-12ab-34cd-56ef-1234567890ab"), declared)).toBe("same");
    expect(sameEncryption(written("aws:kms", "arn:aws:kms:eu-west-1:999999999999:key/other"), declared)).toBe(
      "different",
    );
    expect(sameEncryption(written("aws:kms", key, false), declared)).toBe("different");
    expect(sameEncryption(written("AES256"), declared)).toBe("different");
    expect(sameEncryption(written("aws:kms", "alias/payments"), declared)).toBe("unknown");
    expect(sameEncryption(written("AES256"), { SSEAlgorithm: "AES256" })).toBe("same");
  });

  test("a log bucket's logging is never turned back on (it would log into itself)", () => {
    const d = detail("PutBucketLogging", {
      bucketName: "example-s3-access-logs-123456789012-us-east-1",
      BucketLoggingStatus: {},
    });
    expect(planRemediation(d, CTX)).toEqual({ outcome: "none" });
  });
});
