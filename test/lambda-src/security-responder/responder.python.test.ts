import type { EventBridgeEvent } from "aws-lambda";
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetBucketEncryptionCommand, PutBucketEncryptionCommand } from "@aws-sdk/client-s3";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { CloudTrailDetail } from "../../../lambda-src/security-responder/plan";
import { detail } from "./fixtures";
import { declaredEncryptionParameterName } from "../../../modules/security-responder/events";
import { MOTO_CREDENTIALS, MOTO_REGION, motoClientConfig, motoEndpoint } from "../../support/moto";

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
      DECLARED_CONFIGURATION_PREFIX: "/example/buckets",
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

  test("restores the declared SSE-KMS configuration, not SSE-S3, when default encryption is removed", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    await new SSMClient(motoClientConfig()).send(
      new PutParameterCommand({
        Name: declaredEncryptionParameterName("/example/buckets", "example-payments-prod-data"),
        Type: "String",
        Value: JSON.stringify({ SSEAlgorithm: "aws:kms", KMSMasterKeyID: key, BucketKeyEnabled: true }),
      }),
    );
    const handler = await load(false);
    const result = await handler(event(detail("DeleteBucketEncryption")));
    expect(result!.action).toBe(
      `restored the declared default encryption on example-payments-prod-data (aws:kms with ${key})`,
    );
    const { ServerSideEncryptionConfiguration } = await s3.send(
      new GetBucketEncryptionCommand({ Bucket: "example-payments-prod-data" }),
    );
    expect(ServerSideEncryptionConfiguration!.Rules![0]).toMatchObject({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key },
      BucketKeyEnabled: true,
    });
    expect((await published())[0]).toContain("ACTION: restored the declared default encryption");

    // The baseline writing that same configuration again is compliant: nothing changes, nobody is told.
    const written = {
      Rule: {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key },
        BucketKeyEnabled: true,
      },
    };
    expect(
      await handler(event(detail("PutBucketEncryption", { ServerSideEncryptionConfiguration: written }))),
    ).toBeNull();
    // Someone switching it to SSE-S3 is a change from the declared one, and is undone.
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: "example-payments-prod-data",
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
      }),
    );
    const weakened = { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } } };
    await handler(event(detail("PutBucketEncryption", { ServerSideEncryptionConfiguration: weakened })));
    const after = await s3.send(new GetBucketEncryptionCommand({ Bucket: "example-payments-prod-data" }));
    expect(after.ServerSideEncryptionConfiguration!.Rules![0].ApplyServerSideEncryptionByDefault!.SSEAlgorithm).toBe(
      "aws:kms",
    );
    expect(await published()).toHaveLength(1);
  });

  test("a bucket that declares no encryption keeps what its owner writes; its removal is reported, not undone", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "example-team-owned" }));
    const handler = await load(false);
    const kms = {
      Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/team" } },
    };
    expect(
      await handler(
        event(
          detail("PutBucketEncryption", { bucketName: "example-team-owned", ServerSideEncryptionConfiguration: kms }),
        ),
      ),
    ).toBeNull();
    const removed = await handler(event(detail("DeleteBucketEncryption", { bucketName: "example-team-owned" })));
    expect(removed!.action).toBe(
      "none: example-team-owned declares no default encryption to restore (S3 now applies SSE-S3)",
    );
    expect(await published()).toHaveLength(1);
  });

  test("a failed remediation is reported once, with the reason, and is not retried", async () => {
    const handler = await load(false);
    const result = await handler(
      event(detail("DeleteBucketPublicAccessBlock", { bucketName: "example-no-such-bucket" })),
    );
    expect(result!.action).toMatch(/^failed: /);
    const messages = await published();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("ACTION: failed: ");
  });

  test("a public-bucket finding of Access Analyzer restores Block Public Access and says who can reach it", async () => {
    const handler = await load(false);
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: "example-payments-prod-data" }));
    const finding = {
      "detail-type": "Access Analyzer Finding",
      source: "aws.access-analyzer",
      detail: {
        id: "22222222-dcba-4444-dcba-333333333333",
        status: "ACTIVE",
        resourceType: "AWS::S3::Bucket",
        resource: "arn:aws:s3:::example-payments-prod-data",
        updatedAt: "2026-11-21T01:14:07Z",
        accountId: "123456789012",
        region: MOTO_REGION,
        principal: { AWS: "*" },
        action: ["s3:GetObject"],
        isDeleted: false,
        isPublic: true,
      },
    } as unknown as EventBridgeEvent<string, CloudTrailDetail>;
    const result = await handler(finding);
    expect(result!.action).toBe("re-applied all four Block Public Access settings on example-payments-prod-data");
    const bpa = await s3.send(new GetPublicAccessBlockCommand({ Bucket: "example-payments-prod-data" }));
    expect(bpa.PublicAccessBlockConfiguration!.RestrictPublicBuckets).toBe(true);
    const [message] = await published();
    expect(message.split("\n").slice(0, 5)).toEqual([
      "Access Analyzer found the bucket public on bucket example-payments-prod-data",
      'WHO:   {"AWS":"*"}',
      "WHAT:  Access Analyzer Finding",
      "WHEN:  2026-11-21T01:14:07Z",
      `WHERE: account 123456789012, ${MOTO_REGION}, from n/a (a finding, not a request)`,
    ]);
  });

  test("an unusable event plans nothing and is reported once", async () => {
    const handler = await load(false);
    const bad = { ...detail("PutBucketPolicy"), requestParameters: "not an object" } as unknown as CloudTrailDetail;
    expect(await handler(event(bad))).toEqual({ action: "none: detail.requestParameters is not an object" });
    expect(await handler({} as never)).toEqual({ action: "none: the event has no detail" });
    const messages = await published();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("it cannot use: detail.requestParameters is not an object");
  });
});
