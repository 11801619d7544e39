import type { CloudTrailRecord } from "../../modules/detections";
import { s3Call } from "../../modules/detections/samples";
import type { ResponderEventName } from "../../modules/security-responder/events";

const publicPolicy = { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] };
const weak = {
  BlockPublicAcls: false,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
/**
 * One sample per event the responder listens for, each one that calls for action.
 * Typed by the responder's table: a row without a sample does not compile.
 */
export const ACTIONABLE: Record<ResponderEventName, CloudTrailRecord> = {
  DeleteBucketPublicAccessBlock: s3Call("DeleteBucketPublicAccessBlock"),
  PutBucketPublicAccessBlock: s3Call("PutBucketPublicAccessBlock", { PublicAccessBlockConfiguration: weak }),
  DeleteAccountPublicAccessBlock: s3Call("DeleteAccountPublicAccessBlock"),
  PutAccountPublicAccessBlock: s3Call("PutAccountPublicAccessBlock", { PublicAccessBlockConfiguration: weak }),
  PutBucketAcl: s3Call("PutBucketAcl", { "x-amz-acl": "public-read" }),
  PutBucketPolicy: s3Call("PutBucketPolicy", { bucketPolicy: publicPolicy }),
  PutBucketVersioning: s3Call("PutBucketVersioning", { VersioningConfiguration: { Status: "Suspended" } }),
  PutBucketLogging: s3Call("PutBucketLogging", { BucketLoggingStatus: {} }),
  DeleteBucketEncryption: s3Call("DeleteBucketEncryption"),
  PutBucketEncryption: s3Call("PutBucketEncryption"),
  PutObjectAcl: s3Call(
    "PutObjectAcl",
    { key: "k", "x-amz-acl": "public-read" },
    { eventCategory: "Data", managementEvent: false },
  ),
};
