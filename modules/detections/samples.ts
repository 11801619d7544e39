import type { CloudTrailRecord } from "./types";

/** Identities of the sample records. */
export const principals = {
  assumedRole: {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEROLEID:alice",
    arn: "arn:aws:sts::444444444444:assumed-role/PlatformAdmin/alice",
    accountId: "444444444444",
    accessKeyId: "ASIAEXAMPLEKEYID",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAEXAMPLEROLEID",
        arn: "arn:aws:iam::444444444444:role/PlatformAdmin",
        accountId: "444444444444",
        userName: "PlatformAdmin",
      },
      attributes: { creationDate: "2026-11-23T09:55:00Z", mfaAuthenticated: "false" },
    },
  },
  iamUser: {
    type: "IAMUser",
    principalId: "AIDAEXAMPLEUSERID",
    arn: "arn:aws:iam::444444444444:user/bob",
    accountId: "444444444444",
    accessKeyId: "AKIAEXAMPLEKEYID",
    userName: "bob",
  },
  root: {
    type: "Root",
    principalId: "444444444444",
    arn: "arn:aws:iam::444444444444:root",
    accountId: "444444444444",
    accessKeyId: "ASIAEXAMPLEROOT",
  },
  /** The root identity as a service acting on the account's behalf records it. */
  rootByService: {
    type: "Root",
    principalId: "444444444444",
    arn: "arn:aws:iam::444444444444:root",
    accountId: "444444444444",
    invokedBy: "support.amazonaws.com",
  },
  awsService: { type: "AWSService", invokedBy: "delivery.logs.amazonaws.com" },
} as const;

let sequence = 0;

/**
 * A CloudTrail record in the documented format. Defaults: a successful write by an
 * assumed role in account 444444444444, eu-west-1, from the AWS CLI.
 */
export function cloudTrailRecord(
  fields: Partial<CloudTrailRecord> & Pick<CloudTrailRecord, "eventSource" | "eventName">,
): CloudTrailRecord {
  sequence++;
  const id = sequence.toString(16).padStart(8, "0");
  return {
    eventVersion: "1.09",
    userIdentity: principals.assumedRole,
    eventTime: "2026-11-23T10:00:00Z",
    awsRegion: "eu-west-1",
    sourceIPAddress: "203.0.113.10",
    userAgent: "aws-cli/2.18.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.1 exec-env/CloudShell",
    requestParameters: null,
    responseElements: null,
    requestID: `REQ${id.toUpperCase()}EXAMPLE`,
    eventID: `${id}-1111-2222-3333-444455556666`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    eventCategory: "Management",
    recipientAccountId: "444444444444",
    ...fields,
  };
}

/** Fields of a call refused by IAM, as most services record it. */
export const denied = {
  errorCode: "AccessDenied",
  errorMessage: "User is not authorized to perform this action",
} as const;
/** The same as EC2 records it. */
export const unauthorized = {
  errorCode: "Client.UnauthorizedOperation",
  errorMessage: "You are not authorized to perform this operation.",
} as const;

/** A call to any service, with its request parameters. */
export function apiCall(
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown> | null = null,
  fields: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return cloudTrailRecord({ eventSource, eventName, requestParameters, ...fields });
}

/** A bucket-level S3 call on `bucket`. */
export function s3Call(
  eventName: string,
  requestParameters: Record<string, unknown> = {},
  fields: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return cloudTrailRecord({
    eventSource: "s3.amazonaws.com",
    eventName,
    requestParameters: {
      bucketName: "example-payments-prod-data",
      Host: "example-payments-prod-data.s3.eu-west-1.amazonaws.com",
      ...requestParameters,
    },
    readOnly: /^(Get|List|Head)/.test(eventName),
    ...fields,
  });
}

/** A read-only S3 call: must never fire a change detection. */
export const s3Read = (eventName: string) => s3Call(eventName);

/** The EventBridge event that carries a CloudTrail record: how rules see it. */
export function eventBridgeEvent(record: CloudTrailRecord): {
  source: string;
  detailType: string;
  detail: CloudTrailRecord;
} {
  const signIn = record.eventName === "ConsoleLogin";
  return {
    source: signIn ? "aws.signin" : `aws.${record.eventSource.split(".")[0]}`,
    detailType: signIn ? "AWS Console Sign In via CloudTrail" : "AWS API Call via CloudTrail",
    detail: record,
  };
}

/** The names the samples use where a filter pattern has placeholders (PATTERN_PARAMETERS). */
export const SAMPLE_PARAMETERS = {
  trailLogGroup: "example/cloudtrail/example-org-trail",
  namePrefix: "example",
  accessLogBucketPrefix: "example-s3-access-logs-",
  cloudTrailArchiveBucketPrefix: "example-cloudtrail-archive-",
} as const;
