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
import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { ACCESS_LOG_PARTITION_DATE_SOURCE, ACCESS_LOG_TARGET_PREFIX } from "../../modules/access-log-bucket/key-format";
import {
  REMEDIATIONS,
  RESPONDER_FINDING,
  declaredEncryptionParameterName,
  type DeclaredEncryption,
} from "../../modules/security-responder/events";
import {
  notification,
  planFinding,
  planRemediation,
  sameEncryption,
  unusableNotification,
  type CloudTrailDetail,
  type Remediation,
} from "./plan";

const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
const sts = new STSClient({ endpoint });
const sns = new SNSClient({ endpoint });
const logger = new Logger({ serviceName: "security-responder" });

const ROLE_NAME = process.env.REMEDIATION_ROLE_NAME ?? "";
const TOPIC_ARN = process.env.ALERT_TOPIC_ARN ?? "";
const EXCEPTION_TAG = process.env.EXCEPTION_TAG ?? "s3-audit-baseline:exception";
const ACCESS_LOG_BUCKET_PREFIX = process.env.ACCESS_LOG_BUCKET_PREFIX ?? "";
const PARAMETER_PREFIX = process.env.DECLARED_CONFIGURATION_PREFIX ?? "";
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
    ssm: new SSMClient({ endpoint, region, credentials }),
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

/** The bucket's declared default encryption, or null when it declares none (a bucket the baseline does not manage). */
async function declaredEncryption(ssm: SSMClient, bucket: string): Promise<DeclaredEncryption | null> {
  try {
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: declaredEncryptionParameterName(PARAMETER_PREFIX, bucket) }),
    );
    return JSON.parse(Parameter?.Value ?? "{}") as DeclaredEncryption;
  } catch (e) {
    if ((e as Error).name === "ParameterNotFound") return null;
    throw e;
  }
}

/**
 * Applies a remediation in the event's account. Returns what was done, or null
 * when the bucket already is as declared (a compliant write: nothing to report).
 */
async function remediate(d: CloudTrailDetail, plan: Remediation): Promise<string | null> {
  const { s3, s3control, ssm } = await clientsFor(d.recipientAccountId, d.awsRegion);
  // Encryption is compared with the declaration before anything else: a compliant
  // write is not worth a report, even on an approved exception.
  let declared: DeclaredEncryption | null = null;
  if (plan.kind === "encryption") {
    declared = await declaredEncryption(ssm, plan.bucket);
    if (!declared) {
      // Nothing declared: the bucket's owner chose its encryption; never replace it.
      return plan.written === undefined
        ? `none: ${plan.bucket} declares no default encryption to restore (S3 now applies SSE-S3)`
        : null;
    }
    if (plan.written !== undefined) {
      const same = sameEncryption(plan.written, declared);
      if (same === "same") return null;
      if (same === "unknown")
        return `none: the written key is an alias, which cannot be compared with the declared ${declared.KMSMasterKeyID}; check it by hand`;
    }
  }
  if (plan.kind !== "account-public-access" && (await isException(s3, plan.bucket))) {
    return `none: the bucket is tagged ${EXCEPTION_TAG} (an approved exception)`;
  }
  const spec = REMEDIATIONS[plan.kind];
  const target = plan.kind === "account-public-access" ? d.recipientAccountId : plan.bucket;
  let detail = "";
  if (!DRY_RUN || plan.kind === "encryption") {
    switch (plan.kind) {
      case "bucket-public-access":
        await s3.send(
          new PutPublicAccessBlockCommand({ Bucket: plan.bucket, PublicAccessBlockConfiguration: ALL_BLOCKED }),
        );
        break;
      case "account-public-access":
        await s3control.send(
          new PutAccountPublicAccessBlockCommand({
            AccountId: d.recipientAccountId,
            PublicAccessBlockConfiguration: ALL_BLOCKED,
          }),
        );
        break;
      case "versioning":
        await s3.send(
          new PutBucketVersioningCommand({ Bucket: plan.bucket, VersioningConfiguration: { Status: "Enabled" } }),
        );
        break;
      case "logging": {
        const logTarget = `${ACCESS_LOG_BUCKET_PREFIX}${d.recipientAccountId}-${d.awsRegion}`;
        detail = ` into ${logTarget}`;
        await s3.send(
          new PutBucketLoggingCommand({
            Bucket: plan.bucket,
            BucketLoggingStatus: {
              LoggingEnabled: {
                TargetBucket: logTarget,
                TargetPrefix: ACCESS_LOG_TARGET_PREFIX,
                TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: ACCESS_LOG_PARTITION_DATE_SOURCE } },
              },
            },
          }),
        );
        break;
      }
      case "encryption": {
        detail = ` (${declared!.SSEAlgorithm}${declared!.KMSMasterKeyID ? ` with ${declared!.KMSMasterKeyID}` : ""})`;
        if (!DRY_RUN) {
          await s3.send(
            new PutBucketEncryptionCommand({
              Bucket: plan.bucket,
              ServerSideEncryptionConfiguration: {
                Rules: [
                  {
                    ApplyServerSideEncryptionByDefault: {
                      SSEAlgorithm: declared!.SSEAlgorithm,
                      KMSMasterKeyID: declared!.KMSMasterKeyID,
                    },
                    BucketKeyEnabled: declared!.BucketKeyEnabled,
                  },
                ],
              },
            }),
          );
        }
        break;
      }
    }
  }
  return (DRY_RUN ? spec.wouldDo : spec.done).replace("{target}", target) + detail;
}

async function publish(subject: string, message: string): Promise<void> {
  await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: subject, Message: message }));
}

/**
 * Handles one S3 security event from the central bus: restore, then report. Every
 * outcome is reported once and the handler returns normally, so nothing retries
 * into a second report: an unusable event, a failed remediation (the report says
 * it failed and why) and a success alike. Only a failure to report throws, which
 * sends the event to the dead-letter queue.
 */
export async function handler(event: EventBridgeEvent<string, CloudTrailDetail>): Promise<{ action: string } | null> {
  // An Access Analyzer finding is told in the terms of a CloudTrail event.
  const { plan, detail: d } =
    event?.["detail-type"] === RESPONDER_FINDING.detailType
      ? planFinding(event.detail)
      : {
          plan: planRemediation(event?.detail, { accessLogBucketPrefix: ACCESS_LOG_BUCKET_PREFIX }),
          detail: event?.detail,
        };
  if (plan.outcome === "unusable") {
    logger.error("unusable event", { problem: plan.problem });
    const { subject, message } = unusableNotification(plan.problem, event);
    await publish(subject, message);
    return { action: `none: ${plan.problem}` };
  }
  if (plan.outcome === "none") {
    logger.info("no remediation needed", { eventName: d.eventName });
    return null;
  }
  let outcome: string | null;
  try {
    outcome = await remediate(d, plan.remediation);
  } catch (e) {
    outcome = `failed: ${(e as Error).message}`;
    logger.error("remediation failed", { plan: plan.remediation, error: (e as Error).message });
  }
  if (outcome === null) {
    logger.info("already as declared", { plan: plan.remediation });
    return null;
  }
  const { subject, message } = notification(d, plan.remediation, outcome);
  await publish(subject, message);
  logger.info("reported", { plan: plan.remediation, outcome, dryRun: DRY_RUN });
  return { action: outcome };
}
