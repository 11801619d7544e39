import type { CloudTrailDetail } from "../../../lambda-src/security-responder/plan";
import { MOTO_REGION } from "../../support/moto";

/** A CloudTrail record's detail as EventBridge delivers it: an S3 call on example-payments-prod-data. */
export const detail = (
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
