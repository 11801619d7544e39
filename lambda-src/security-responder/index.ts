import type { EventBridgeEvent } from "aws-lambda";
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";
import {
  S3Client,
  GetBucketTaggingCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import {
  S3ControlClient,
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
} from "@aws-sdk/client-s3-control";
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { ACCESS_LOG_PARTITION_DATE_SOURCE, ACCESS_LOG_TARGET_PREFIX } from "../../modules/access-log-bucket/key-format";
import { notification, planRemediation, type CloudTrailDetail, type Remediation } from "./plan";

const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
const sts = new STSClient({ endpoint });
const sns = new SNSClient({ endpoint });
const logger = new Logger({ serviceName: "security-responder" });

const ROLE_NAME = process.env.REMEDIATION_ROLE_NAME ?? "";
const TOPIC_ARN = process.env.ALERT_TOPIC_ARN ?? "";
const EXCEPTION_TAG = process.env.EXCEPTION_TAG ?? "s3-audit-baseline:exception";
const ACCESS_LOG_BUCKET_PREFIX = process.env.ACCESS_LOG_BUCKET_PREFIX ?? "";
const DRY_RUN = (process.env.DRY_RUN ?? "false") === "true";

const ALL_BLOCKED = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

async function clientsFor(account: string, region: string) {
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/${ROLE_NAME}`,
      RoleSessionName: "security-responder",
    }),
  );
  const credentials = {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken,
  };
  return {
    s3: new S3Client({ endpoint, region, credentials, forcePathStyle: Boolean(endpoint) }),
    s3control: new S3ControlClient({ endpoint, region, credentials }),
  };
}

async function isException(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    const { TagSet } = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return (TagSet ?? []).some((t) => t.Key === EXCEPTION_TAG);
  } catch (e) {
    if ((e as Error).name === "NoSuchTagSet") return false;
    throw e;
  }
}

async function remediate(d: CloudTrailDetail, plan: Remediation): Promise<string> {
  const { s3, s3control } = await clientsFor(d.recipientAccountId, d.awsRegion);
  if (plan.kind !== "account-public-access" && (await isException(s3, plan.bucket))) {
    return `none: the bucket is tagged ${EXCEPTION_TAG} (an approved exception)`;
  }
  const would = DRY_RUN ? "would re-apply" : "re-applied";
  switch (plan.kind) {
    case "bucket-public-access":
      if (!DRY_RUN)
        await s3.send(
          new PutPublicAccessBlockCommand({ Bucket: plan.bucket, PublicAccessBlockConfiguration: ALL_BLOCKED }),
        );
      return `${would} all four Block Public Access settings on ${plan.bucket}`;
    case "account-public-access":
      if (!DRY_RUN) {
        await s3control.send(
          new PutAccountPublicAccessBlockCommand({
            AccountId: d.recipientAccountId,
            PublicAccessBlockConfiguration: ALL_BLOCKED,
          }),
        );
      }
      return `${would} all four Block Public Access settings on account ${d.recipientAccountId}`;
    case "versioning":
      if (!DRY_RUN)
        await s3.send(
          new PutBucketVersioningCommand({ Bucket: plan.bucket, VersioningConfiguration: { Status: "Enabled" } }),
        );
      return `${DRY_RUN ? "would re-enable" : "re-enabled"} versioning on ${plan.bucket}`;
    case "logging": {
      const target = `${ACCESS_LOG_BUCKET_PREFIX}${d.recipientAccountId}-${d.awsRegion}`;
      if (!DRY_RUN) {
        await s3.send(
          new PutBucketLoggingCommand({
            Bucket: plan.bucket,
            BucketLoggingStatus: {
              LoggingEnabled: {
                TargetBucket: target,
                TargetPrefix: ACCESS_LOG_TARGET_PREFIX,
                TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: ACCESS_LOG_PARTITION_DATE_SOURCE } },
              },
            },
          }),
        );
      }
      return `${DRY_RUN ? "would re-enable" : "re-enabled"} access logging of ${plan.bucket} into ${target}`;
    }
    case "encryption":
      if (!DRY_RUN) {
        await s3.send(
          new PutBucketEncryptionCommand({
            Bucket: plan.bucket,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
            },
          }),
        );
      }
      return `${DRY_RUN ? "would restore" : "restored"} default encryption (SSE-S3) on ${plan.bucket}`;
  }
}

/** Handles one S3 security event from the central bus: restore, then report. */
export async function handler(event: EventBridgeEvent<string, CloudTrailDetail>): Promise<{ action: string } | null> {
  const d = event.detail;
  const plan = planRemediation(d);
  if (!plan) {
    logger.info("no remediation needed", { eventName: d.eventName });
    return null;
  }
  let outcome: string;
  try {
    outcome = await remediate(d, plan);
  } catch (e) {
    outcome = `failed: ${(e as Error).message}`;
    logger.error("remediation failed", { plan, error: (e as Error).message });
  }
  const { subject, message } = notification(d, plan, outcome);
  await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: subject, Message: message }));
  logger.info("reported", { plan, outcome, dryRun: DRY_RUN });
  if (outcome.startsWith("failed")) throw new Error(outcome);
  return { action: outcome };
}
