import type { EventBridgeEvent } from "aws-lambda";
import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { planRemediation, type CloudTrailDetail } from "../../../lambda-src/security-responder/plan";
import { MOTO_CREDENTIALS, MOTO_REGION, motoClientConfig, motoEndpoint } from "../../support/moto";

const detail = (
  eventName: string,
  requestParameters: Record<string, unknown> = {},
  extra: Partial<CloudTrailDetail> = {},
): CloudTrailDetail => ({
  eventName,
  eventTime: "2026-11-23T10:00:00Z",
  eventSource: "s3.amazonaws.com",
  awsRegion: MOTO_REGION,
  recipientAccountId: "123456789012",
  sourceIPAddress: "203.0.113.10",
  userAgent: "aws-cli/2.18.0",
  userIdentity: { arn: "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice", type: "AssumedRole" },
  requestParameters: { bucketName: "example-payments-prod-data", ...requestParameters },
  ...extra,
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
    ["default encryption removed", detail("DeleteBucketEncryption"), "encryption"],
  ])("%s", (_what, d, kind) => {
    expect(planRemediation(d)?.kind).toBe(kind);
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
      "logging redirected",
      detail("PutBucketLogging", { BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "x" } } }),
    ],
    ["a refused call", detail("DeleteBucketPublicAccessBlock", {}, { errorCode: "AccessDenied" })],
    ["another event", detail("GetBucketAcl")],
  ])("%s needs nothing", (_what, d) => {
    expect(planRemediation(d)).toBeNull();
  });
});

describe("security-responder handler (moto)", () => {
  const s3 = new S3Client({ ...motoClientConfig(), forcePathStyle: true });
  const sqs = new SQSClient(motoClientConfig());
  let queueUrl = "";
  const event = (d: CloudTrailDetail) =>
    ({ detail: d, "detail-type": "AWS API Call via CloudTrail", source: "aws.s3" }) as unknown as EventBridgeEvent<
      string,
      CloudTrailDetail
    >;
  const load = async (dryRun: boolean) => {
    process.env.DRY_RUN = String(dryRun);
    let handler!: (e: EventBridgeEvent<string, CloudTrailDetail>) => Promise<{ action: string } | null>;
    await jest.isolateModulesAsync(async () => {
      handler = (await import("../../../lambda-src/security-responder/index")).handler;
    });
    return handler;
  };
  const published = async () => {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    return (r.Messages ?? []).map((m) => JSON.parse(m.Body!).Message as string);
  };

  beforeAll(async () => {
    const sns = new SNSClient(motoClientConfig());
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "example-security-events-notifications" }));
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "observer" }))).QueueUrl!;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes!.QueueArn }));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      REMEDIATION_ROLE_NAME: "example-security-remediation",
      ALERT_TOPIC_ARN: TopicArn,
      ACCESS_LOG_BUCKET_PREFIX: "example-s3-access-logs-",
    });
    for (const b of ["example-payments-prod-data", "example-approved-website"])
      await s3.send(new CreateBucketCommand({ Bucket: b }));
  });

  test("restores Block Public Access and reports WHO, WHAT, WHEN, WHERE, HOW and the action", async () => {
    const handler = await load(false);
    const result = await handler(event(detail("DeleteBucketPublicAccessBlock")));
    expect(result!.action).toBe("re-applied all four Block Public Access settings on example-payments-prod-data");
    const bpa = await s3.send(new GetPublicAccessBlockCommand({ Bucket: "example-payments-prod-data" }));
    expect(bpa.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const [message] = await published();
    expect(message.split("\n")).toEqual([
      "Block Public Access removed on bucket example-payments-prod-data",
      "WHO:   arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice",
      "WHAT:  DeleteBucketPublicAccessBlock",
      "WHEN:  2026-11-23T10:00:00Z",
      `WHERE: account 123456789012, ${MOTO_REGION}, from 203.0.113.10`,
      "HOW:   aws-cli/2.18.0",
      "ACTION: re-applied all four Block Public Access settings on example-payments-prod-data",
    ]);
  });

  test("re-enables suspended versioning", async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: "example-payments-prod-data",
        VersioningConfiguration: { Status: "Suspended" },
      }),
    );
    const handler = await load(false);
    await handler(event(detail("PutBucketVersioning", { VersioningConfiguration: { Status: "Suspended" } })));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "example-payments-prod-data" }))).Status).toBe(
      "Enabled",
    );
    expect((await published())[0]).toContain("ACTION: re-enabled versioning on example-payments-prod-data");
  });

  test("leaves a bucket tagged as an approved exception alone, and says so", async () => {
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: "example-approved-website",
        Tagging: { TagSet: [{ Key: "s3-audit-baseline:exception", Value: "public website, CAB-1234" }] },
      }),
    );
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: "example-approved-website",
        VersioningConfiguration: { Status: "Suspended" },
      }),
    );
    const handler = await load(false);
    const result = await handler(
      event(
        detail("PutBucketVersioning", {
          bucketName: "example-approved-website",
          VersioningConfiguration: { Status: "Suspended" },
        }),
      ),
    );
    expect(result!.action).toBe("none: the bucket is tagged s3-audit-baseline:exception (an approved exception)");
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "example-approved-website" }))).Status).toBe(
      "Suspended",
    );
    await published();
  });

  test("in dry run, reports what it would do and changes nothing", async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: "example-payments-prod-data",
        VersioningConfiguration: { Status: "Suspended" },
      }),
    );
    const handler = await load(true);
    const result = await handler(
      event(detail("PutBucketVersioning", { VersioningConfiguration: { Status: "Suspended" } })),
    );
    expect(result!.action).toBe("would re-enable versioning on example-payments-prod-data");
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "example-payments-prod-data" }))).Status).toBe(
      "Suspended",
    );
    expect((await published())[0]).toContain("ACTION: would re-enable versioning");
  });
});
