import { apiCallPattern, eventNameFilter } from "../patterns";
import { cloudTrailRecord, principals, s3Call, s3Read } from "../samples";
import type { Detection } from "../types";

// A refused attempt changes nothing: change detections ignore calls with an errorCode
// (cis-4.1 and s3-access-denied-spike count those).
const SUCCEEDED = "($.errorCode NOT EXISTS)";
const succeeded = { errorCode: [{ exists: false }] };
const denied = { errorCode: "AccessDenied", errorMessage: "Access Denied" };

/** A bucket-level S3 change detection: metric filter and EventBridge pattern from one list. */
function s3Change(
  eventNames: readonly string[],
  detail: Record<string, unknown> = {},
  extraFilter: readonly string[] = [],
): Pick<Detection, "eventNames" | "filterPattern" | "eventPattern"> {
  return {
    eventNames,
    filterPattern: eventNameFilter(eventNames, "s3.amazonaws.com", [SUCCEEDED, ...extraFilter]),
    eventPattern: apiCallPattern("aws.s3", "s3.amazonaws.com", eventNames, { ...succeeded, ...detail }),
  };
}

const PUBLIC_ACCESS_EVENTS = [
  "PutBucketPublicAccessBlock",
  "DeleteBucketPublicAccessBlock",
  "PutAccountPublicAccessBlock",
  "DeleteAccountPublicAccessBlock",
];
const ACL_EVENTS = ["PutBucketAcl", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls"];
const ENCRYPTION_EVENTS = ["PutBucketEncryption", "DeleteBucketEncryption"];
const TRAIL_TAMPERING_EVENTS = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"];

/** S3 and trail detections the CIS list lacks. */
export const S3_DETECTIONS: readonly Detection[] = [
  {
    id: "s3-block-public-access-changed",
    title: "S3 Block Public Access changed or removed",
    catches: "Any change to Block Public Access, on a bucket or for a whole account.",
    severity: "critical",
    ...s3Change(PUBLIC_ACCESS_EVENTS),
    runbook: {
      meaning:
        "The setting that keeps buckets private changed; with it weakened, one policy or ACL can expose data to the internet.",
      contain: [
        "Re-apply all four flags: s3api put-public-access-block (bucket) or s3control put-public-access-block (account).",
        "List the bucket's policy and ACL and remove any public grant made after the change.",
      ],
      recover: [
        "Re-apply the baseline stack of the account; review the bucket's access logs for anonymous requests since the change.",
      ],
    },
    samples: {
      positive: [
        s3Call("DeleteBucketPublicAccessBlock"),
        s3Call("PutBucketPublicAccessBlock", {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: false,
            IgnorePublicAcls: true,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: true,
          },
        }),
        s3Call("DeleteAccountPublicAccessBlock", { bucketName: undefined }),
      ],
      negative: [s3Read("GetBucketPublicAccessBlock"), s3Call("DeleteBucketPublicAccessBlock", {}, denied)],
    },
  },
  {
    id: "s3-acl-or-ownership-changed",
    title: "S3 bucket ACL or object ownership changed",
    catches: "A bucket ACL set, or object ownership changed (re-enabling ACLs).",
    severity: "high",
    ...s3Change(ACL_EVENTS),
    runbook: {
      meaning:
        "ACLs are disabled by the baseline (BucketOwnerEnforced); changing ownership or setting ACLs re-opens a second, easily overlooked access path.",
      contain: [
        "Set object ownership back to BucketOwnerEnforced (s3api put-bucket-ownership-controls), which also disables every ACL.",
      ],
      recover: ["Re-apply the account's baseline stack."],
    },
    samples: {
      positive: [
        s3Call("PutBucketOwnershipControls", { OwnershipControls: { Rule: { ObjectOwnership: "ObjectWriter" } } }),
        s3Call("PutBucketAcl", {
          AccessControlPolicy: {
            AccessControlList: {
              Grant: [{ Grantee: { URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" }],
            },
          },
        }),
      ],
      negative: [s3Read("GetBucketAcl"), s3Read("GetBucketOwnershipControls")],
    },
  },
  {
    id: "s3-encryption-changed",
    title: "S3 default encryption changed or removed",
    catches: "A bucket's default encryption set to something else, or deleted.",
    severity: "high",
    ...s3Change(ENCRYPTION_EVENTS),
    runbook: {
      meaning:
        "New objects may be encrypted with a different key, one the owners do not control, or one that others can use.",
      contain: [
        "Compare the new configuration (requestParameters.ServerSideEncryptionConfiguration) with the baseline's; restore it if they differ.",
      ],
      recover: [
        "Re-apply the baseline; objects written in between keep the encryption they were written with: re-copy them if it matters.",
      ],
    },
    samples: {
      positive: [
        s3Call("DeleteBucketEncryption"),
        s3Call("PutBucketEncryption", {
          ServerSideEncryptionConfiguration: {
            Rule: {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: "aws:kms",
                KMSMasterKeyID: "arn:aws:kms:eu-west-1:999999999999:key/foreign",
              },
            },
          },
        }),
      ],
      negative: [s3Read("GetBucketEncryption")],
    },
  },
  {
    id: "s3-access-logging-changed",
    title: "S3 server access logging changed",
    catches: "A bucket's server access logging turned off or pointed elsewhere.",
    severity: "high",
    ...s3Change(["PutBucketLogging"]),
    runbook: {
      meaning: "Requests to the bucket may no longer be recorded, or are recorded where this baseline cannot see them.",
      contain: ["Turn logging back on to the account's access-log bucket for the region."],
      recover: ["Re-apply the baseline; the gap in the access logs is the period between this event and the fix."],
    },
    samples: {
      positive: [
        s3Call("PutBucketLogging", {
          BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
          logging: "",
        }),
        s3Call("PutBucketLogging", {
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "someone-elses-bucket", TargetPrefix: "x/" } },
          logging: "",
        }),
      ],
      negative: [s3Read("GetBucketLogging"), s3Call("PutBucketLogging", {}, denied)],
    },
  },
  {
    id: "s3-versioning-suspended",
    title: "S3 versioning suspended",
    catches: "Versioning suspended on a bucket.",
    severity: "high",
    ...s3Change(
      ["PutBucketVersioning"],
      { requestParameters: { VersioningConfiguration: { Status: ["Suspended"] } } },
      ['($.requestParameters.VersioningConfiguration.Status = "Suspended")'],
    ),
    runbook: {
      meaning:
        "Overwrites and deletes become permanent again: the bucket loses its protection against ransomware and mistakes.",
      contain: ["Re-enable versioning (s3api put-bucket-versioning --versioning-configuration Status=Enabled)."],
      recover: [
        "Objects overwritten or deleted while versioning was suspended cannot be recovered from S3; restore them from replicas or backups.",
      ],
    },
    samples: {
      positive: [
        s3Call("PutBucketVersioning", {
          VersioningConfiguration: { Status: "Suspended", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
          versioning: "",
        }),
      ],
      negative: [
        s3Call("PutBucketVersioning", {
          VersioningConfiguration: { Status: "Enabled", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
          versioning: "",
        }),
        s3Read("GetBucketVersioning"),
      ],
    },
  },
  {
    id: "s3-object-lock-changed",
    title: "S3 Object Lock configuration changed",
    catches: "A bucket's Object Lock default retention changed.",
    severity: "high",
    ...s3Change(["PutObjectLockConfiguration"]),
    runbook: {
      meaning: "The default retention of new objects changed: a shorter one lets audit logs be deleted sooner.",
      contain: [
        "Restore the configured mode and days (archive.objectLock) with s3api put-object-lock-configuration; COMPLIANCE retention can only be lengthened.",
      ],
      recover: ["Re-apply the log-archive stack; objects written in between keep the retention they were given."],
    },
    samples: {
      positive: [
        s3Call("PutObjectLockConfiguration", {
          ObjectLockConfiguration: {
            ObjectLockEnabled: "Enabled",
            Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } },
          },
        }),
      ],
      negative: [s3Read("GetObjectLockConfiguration")],
    },
  },
  {
    id: "s3-bucket-deleted",
    title: "S3 bucket deleted",
    catches: "A bucket deleted.",
    severity: "high",
    ...s3Change(["DeleteBucket"]),
    runbook: {
      meaning: "A bucket is gone; its name can now be registered by anyone, in any account.",
      contain: ["If the bucket was in use, re-create it at once so nobody else can claim the name."],
      recover: ["Restore its data from replicas or backups, and re-apply the baseline."],
    },
    samples: {
      positive: [s3Call("DeleteBucket")],
      negative: [
        s3Call(
          "DeleteBucket",
          {},
          { errorCode: "BucketNotEmpty", errorMessage: "The bucket you tried to delete is not empty" },
        ),
        s3Read("HeadBucket"),
      ],
    },
  },
  {
    id: "s3-replication-or-lifecycle-removed",
    title: "S3 replication or lifecycle removed",
    catches: "A bucket's replication or lifecycle configuration deleted.",
    severity: "medium",
    ...s3Change(["DeleteBucketReplication", "DeleteBucketLifecycle"]),
    runbook: {
      meaning: "Copies to the archive stop (replication), or retention and cost controls stop (lifecycle).",
      contain: ["Re-apply the account's baseline stack, which restores both."],
      recover: [
        "Objects written while replication was off are not copied retroactively: run S3 Batch Replication for that period.",
      ],
    },
    samples: {
      positive: [s3Call("DeleteBucketReplication"), s3Call("DeleteBucketLifecycle")],
      negative: [s3Read("GetBucketReplication"), s3Call("PutBucketLifecycle")],
    },
  },
  {
    id: "trail-tampering",
    title: "CloudTrail tampering",
    catches: "A trail stopped, deleted, updated, or its event selectors changed.",
    severity: "critical",
    eventNames: TRAIL_TAMPERING_EVENTS,
    filterPattern: eventNameFilter(TRAIL_TAMPERING_EVENTS, "cloudtrail.amazonaws.com", [SUCCEEDED]),
    eventPattern: apiCallPattern("aws.cloudtrail", "cloudtrail.amazonaws.com", TRAIL_TAMPERING_EVENTS, succeeded),
    runbook: {
      meaning:
        "Someone is changing what is recorded: the classic first step before acting unseen. This alarm arrives from the last events the trail recorded.",
      contain: [
        "Restart logging (cloudtrail start-logging) and re-apply the org-trail stack to restore the selectors.",
        "Suspend the caller's credentials until the change is explained.",
      ],
      recover: [
        "Find the unrecorded window, and review the caller's other activity in it through AWS Config and the services' own logs.",
      ],
    },
    samples: {
      positive: TRAIL_TAMPERING_EVENTS.map((e) =>
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: e }),
      ),
      negative: [
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: "GetEventSelectors", readOnly: true }),
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", ...denied }),
      ],
    },
  },
  {
    id: "s3-mass-deletion",
    title: "Mass deletion of S3 objects by one principal",
    catches: "One principal deleting 100 or more objects within 5 minutes (from S3 data events).",
    severity: "high",
    eventNames: ["DeleteObject", "DeleteObjects"],
    filterPattern: eventNameFilter(["DeleteObject", "DeleteObjects"], "s3.amazonaws.com", [SUCCEEDED]),
    threshold: 100,
    aggregation: "principal",
    runbook: {
      meaning: "Bulk deletion by one identity: a destructive mistake, or ransomware emptying buckets.",
      contain: [
        "Suspend the principal (revoke its sessions or deactivate its keys) while you look.",
        "Check that versioning is still enabled on the buckets involved (see s3-versioning-suspended).",
      ],
      recover: [
        "With versioning, remove the delete markers to bring objects back (list-object-versions, then delete the markers).",
      ],
    },
    samples: {
      positive: [
        s3Call("DeleteObject", { key: "invoices/2026/11/0001.pdf" }, { eventCategory: "Data", managementEvent: false }),
        s3Call("DeleteObjects", { delete: "" }, { eventCategory: "Data", managementEvent: false }),
      ],
      negative: [
        s3Call(
          "GetObject",
          { key: "invoices/2026/11/0001.pdf" },
          { eventCategory: "Data", managementEvent: false, readOnly: true },
        ),
        s3Call("DeleteObject", { key: "x" }, { eventCategory: "Data", managementEvent: false, ...denied }),
      ],
    },
  },
  {
    id: "s3-access-denied-spike",
    title: "Spike of denied S3 requests",
    catches:
      "20 or more S3 requests refused with AccessDenied within 5 minutes, except HeadBucket probes and log delivery.",
    severity: "medium",
    eventNames: [],
    insightsFilter:
      'eventSource = "s3.amazonaws.com" and errorCode = "AccessDenied" and eventName != "HeadBucket" and sourceIPAddress != "delivery.logs.amazonaws.com"',
    filterPattern:
      '{ ($.eventSource = "s3.amazonaws.com") && ($.errorCode = "AccessDenied") && ($.eventName != "HeadBucket") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") }',
    threshold: 20,
    runbook: {
      meaning:
        "Someone is trying buckets or objects they cannot reach: enumeration with stolen credentials, or a workload whose access was just taken away.",
      contain: [
        "Group by userIdentity.arn and sourceIPAddress; block a foreign source, or revoke the principal's sessions.",
      ],
      recover: [
        "If a legitimate workload lost access, restore its permission; otherwise rotate the credentials it used.",
      ],
    },
    samples: {
      positive: [
        s3Call(
          "GetObject",
          { key: "payroll.csv" },
          { ...denied, eventCategory: "Data", managementEvent: false, readOnly: true },
        ),
        s3Call("ListObjects", {}, { ...denied, readOnly: true }),
      ],
      negative: [
        s3Call("HeadBucket", {}, { ...denied, readOnly: true }),
        s3Call(
          "PutObject",
          {},
          { ...denied, sourceIPAddress: "delivery.logs.amazonaws.com", userIdentity: principals.awsService },
        ),
        s3Read("GetObject"),
      ],
    },
  },
];
