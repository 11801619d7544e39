import {
  SUCCEEDED,
  SUCCEEDED_OR_DENIED,
  allOf,
  anyOf,
  apiCallPattern,
  eventNameFilter,
  succeededDetail as succeeded,
  succeededOrDeniedDetail,
} from "../patterns";
import { cloudTrailRecord, principals, s3Call, s3Read } from "../samples";
import type { Detection } from "../types";
import { PUBLIC_CANNED_ACLS, PUBLIC_GRANTEE_URIS } from "../../public-policy";

// A refused attempt changes nothing: change detections ignore calls with an errorCode
// (cis-4.1 and s3-access-denied-spike count those).
const denied = { errorCode: "AccessDenied", errorMessage: "Access Denied" };
const data = { eventCategory: "Data", managementEvent: false };

const BPA_FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];
const bpa = (flags: Partial<Record<string, boolean>>) => ({
  PublicAccessBlockConfiguration: {
    xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
    ...Object.fromEntries(BPA_FLAGS.map((f) => [f, flags[f] ?? true])),
  },
  publicAccessBlock: "",
});
const PUBLIC_GRANTEES = PUBLIC_GRANTEE_URIS;
/** An ACL grant names a public grantee: one grant (an object) or any of the first five (an array). */
const PUBLIC_GRANT = anyOf(
  ...["Grant", ...[0, 1, 2, 3, 4].map((i) => `Grant[${i}]`)].map(
    (g) => `($.requestParameters.AccessControlPolicy.AccessControlList.${g}.Grantee.URI = "*Users")`,
  ),
);
const aclWith = (uri: string, permission = "READ") => ({
  AccessControlPolicy: {
    AccessControlList: {
      Grant: [
        {
          Grantee: { ID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
          Permission: "FULL_CONTROL",
        },
        { Grantee: { URI: uri }, Permission: permission },
      ],
    },
    Owner: { ID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
  },
  acl: "",
});
/** An enabled lifecycle rule that expires current objects within 7 days: one rule (an object) or any of the first three. */
const FAST_EXPIRY = anyOf(
  ...["Rule", ...[0, 1, 2].map((i) => `Rule[${i}]`)].map(
    (r) =>
      `(($.requestParameters.LifecycleConfiguration.${r}.Expiration.Days <= 7) && ($.requestParameters.LifecycleConfiguration.${r}.Status = "Enabled"))`,
  ),
);
const lifecycle = (rules: unknown) => ({
  LifecycleConfiguration: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Rule: rules },
  lifecycle: "",
});

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
const TRAIL_TAMPERING_EVENTS = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"];

/** S3 and trail detections the CIS list lacks. */
export const S3_DETECTIONS: readonly Detection[] = [
  {
    id: "s3-block-public-access-changed",
    title: "S3 Block Public Access removed or weakened",
    catches:
      "Block Public Access removed, or written with any of its four settings off, on a bucket or for a whole account (writing all four on is compliant and ignored).",
    severity: "critical",
    eventNames: PUBLIC_ACCESS_EVENTS,
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ${SUCCEEDED} && ${anyOf(
      '($.eventName = "DeleteBucketPublicAccessBlock")',
      '($.eventName = "DeleteAccountPublicAccessBlock")',
      allOf(
        anyOf('($.eventName = "PutBucketPublicAccessBlock")', '($.eventName = "PutAccountPublicAccessBlock")'),
        anyOf(...BPA_FLAGS.map((f) => `($.requestParameters.PublicAccessBlockConfiguration.${f} IS FALSE)`)),
      ),
    )} }`,
    eventPattern: {
      source: ["aws.s3"],
      "detail-type": ["AWS API Call via CloudTrail"],
      // eventName only inside the branches: EventBridge does not merge a field given
      // both outside and inside a $or branch.
      detail: {
        eventSource: ["s3.amazonaws.com"],
        ...succeeded,
        $or: [
          { eventName: ["DeleteBucketPublicAccessBlock", "DeleteAccountPublicAccessBlock"] },
          ...BPA_FLAGS.map((f) => ({
            eventName: ["PutBucketPublicAccessBlock", "PutAccountPublicAccessBlock"],
            requestParameters: { PublicAccessBlockConfiguration: { [f]: [false] } },
          })),
        ],
      },
    },
    runbook: {
      meaning:
        "The setting that keeps buckets private was removed or weakened; with it off, one policy or ACL can expose data to the internet. The security responder re-applies it unless the bucket is an approved exception.",
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
        s3Call("DeleteBucketPublicAccessBlock", { publicAccessBlock: "" }),
        s3Call("PutBucketPublicAccessBlock", bpa({ BlockPublicAcls: false, BlockPublicPolicy: false })),
        s3Call("PutAccountPublicAccessBlock", {
          bucketName: undefined,
          Host: undefined,
          ...bpa({ RestrictPublicBuckets: false }),
        }),
        s3Call("DeleteAccountPublicAccessBlock", { bucketName: undefined }),
      ],
      negative: [
        s3Read("GetBucketPublicAccessBlock"),
        s3Call("DeleteBucketPublicAccessBlock", {}, denied),
        // The baseline's own write: all four on.
        s3Call("PutBucketPublicAccessBlock", bpa({})),
        s3Call("PutAccountPublicAccessBlock", { bucketName: undefined, Host: undefined, ...bpa({}) }),
        // The same event name from another service is not S3.
        cloudTrailRecord({ eventSource: "ec2.amazonaws.com", eventName: "DeleteBucketPublicAccessBlock" }),
      ],
    },
  },
  {
    id: "s3-acl-or-ownership-changed",
    title: "S3 ACLs re-enabled",
    catches:
      "Object ownership set to anything but BucketOwnerEnforced, or its controls deleted: ACLs, which the baseline disables, work again.",
    severity: "high",
    eventNames: ACL_EVENTS,
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ${SUCCEEDED} && ${anyOf(
      '($.eventName = "DeleteBucketOwnershipControls")',
      allOf(
        '($.eventName = "PutBucketOwnershipControls")',
        '($.requestParameters.OwnershipControls.Rule.ObjectOwnership != "BucketOwnerEnforced")',
      ),
    )} }`,
    runbook: {
      meaning:
        "ACLs are disabled by the baseline (BucketOwnerEnforced); changing ownership re-opens a second, easily overlooked access path.",
      contain: [
        "Set object ownership back to BucketOwnerEnforced (s3api put-bucket-ownership-controls), which also disables every ACL.",
      ],
      recover: ["Re-apply the account's baseline stack."],
    },
    samples: {
      positive: [
        s3Call("PutBucketOwnershipControls", { OwnershipControls: { Rule: { ObjectOwnership: "ObjectWriter" } } }),
        s3Call("PutBucketOwnershipControls", {
          OwnershipControls: { Rule: { ObjectOwnership: "BucketOwnerPreferred" } },
        }),
        s3Call("DeleteBucketOwnershipControls", { ownershipControls: "" }),
      ],
      negative: [
        s3Read("GetBucketOwnershipControls"),
        // The baseline's own write.
        s3Call("PutBucketOwnershipControls", {
          OwnershipControls: { Rule: { ObjectOwnership: "BucketOwnerEnforced" } },
        }),
        s3Call("DeleteBucketOwnershipControls", {}, denied),
      ],
    },
  },
  {
    id: "s3-acl-grants-public",
    title: "S3 ACL grants access to everyone",
    catches: "A bucket or object ACL that grants access to AllUsers or AuthenticatedUsers (any AWS account), by grant.",
    severity: "critical",
    eventNames: ["PutBucketAcl", "PutObjectAcl"],
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ${SUCCEEDED} && (($.eventName = "PutBucketAcl") || ($.eventName = "PutObjectAcl")) && ${PUBLIC_GRANT} }`,
    // No EventBridge pattern: grants are an array of objects, which a pattern cannot
    // search reliably; the alarm follows within minutes, the responder at once.
    runbook: {
      meaning:
        "Data is readable (or writable) by anyone on the internet, or by any AWS account, through an ACL. Block Public Access (IgnorePublicAcls) neutralises it; the security responder re-applies that.",
      contain: [
        "Re-apply Block Public Access on the bucket, then replace the ACL with a private one (s3api put-object-acl --acl private).",
      ],
      recover: [
        "Review the bucket's access logs for anonymous GETs of the object since the change; treat what was read as disclosed.",
      ],
    },
    samples: {
      positive: [
        s3Call("PutBucketAcl", aclWith(PUBLIC_GRANTEES[0])),
        s3Call("PutObjectAcl", { key: "reports/q3.pdf", ...aclWith(PUBLIC_GRANTEES[1], "READ") }, data),
        s3Call(
          "PutObjectAcl",
          {
            key: "x",
            AccessControlPolicy: {
              AccessControlList: { Grant: { Grantee: { URI: PUBLIC_GRANTEES[0] }, Permission: "READ" } },
            },
          },
          data,
        ),
      ],
      negative: [
        s3Call("PutBucketAcl", {
          AccessControlPolicy: {
            AccessControlList: {
              Grant: {
                Grantee: { ID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
                Permission: "FULL_CONTROL",
              },
            },
          },
        }),
        s3Call("PutBucketAcl", { "x-amz-acl": ["private"], acl: [""] }),
        s3Call("PutObjectAcl", { key: "x", ...aclWith(PUBLIC_GRANTEES[0]) }, { ...data, ...denied }),
        s3Call("PutBucketAcl", aclWith("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE")),
      ],
    },
  },
  {
    id: "s3-canned-acl-public",
    title: "S3 object or bucket given a public canned ACL",
    catches: "A bucket or object written or re-ACLed with public-read, public-read-write or authenticated-read.",
    severity: "critical",
    eventNames: ["PutBucketAcl", "PutObjectAcl", "PutObject", "CopyObject", "CreateBucket"],
    // The canned ACL arrives in the x-amz-acl header: a string, or (older records) an
    // array of one.
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ${SUCCEEDED} && ${anyOf(
      ...["PutBucketAcl", "PutObjectAcl", "PutObject", "CopyObject", "CreateBucket"].map(
        (e) => `($.eventName = "${e}")`,
      ),
    )} && ${anyOf(
      ...["x-amz-acl", "x-amz-acl[0]"].flatMap((f) => [
        `($.requestParameters.${f} = "public-read*")`,
        `($.requestParameters.${f} = "authenticated-read")`,
      ]),
    )} }`,
    forwardOnlyMatches: true,
    eventPattern: apiCallPattern(
      "aws.s3",
      "s3.amazonaws.com",
      ["PutBucketAcl", "PutObjectAcl", "PutObject", "CopyObject", "CreateBucket"],
      { ...succeeded, requestParameters: { "x-amz-acl": [...PUBLIC_CANNED_ACLS] } },
    ),
    runbook: {
      meaning:
        "An object or bucket was made readable by anyone with a canned ACL. Block Public Access (IgnorePublicAcls) neutralises it; the security responder re-applies that for ACL writes.",
      contain: ["Re-apply Block Public Access on the bucket, then set the object's ACL to private."],
      recover: ["Review the bucket's access logs for anonymous GETs since the change."],
    },
    samples: {
      positive: [
        s3Call("PutObjectAcl", { key: "exports/customers.csv", "x-amz-acl": "public-read", acl: "" }, data),
        s3Call("PutBucketAcl", { "x-amz-acl": ["public-read-write"], acl: [""] }),
        s3Call("PutObject", { key: "site/index.html", "x-amz-acl": "public-read" }, data),
      ],
      negative: [
        s3Call("PutObjectAcl", { key: "x", "x-amz-acl": "private", acl: "" }, data),
        s3Call("PutObject", { key: "x", "x-amz-acl": "bucket-owner-full-control" }, data),
        s3Call("PutObjectAcl", { key: "x", "x-amz-acl": "public-read" }, { ...data, ...denied }),
      ],
    },
  },
  {
    id: "s3-encryption-changed",
    title: "S3 default encryption removed",
    catches:
      "A bucket's default encryption configuration deleted. A write that changes it is compared with the bucket's declared configuration by the security responder, which restores and reports only a difference.",
    severity: "high",
    ...s3Change(["DeleteBucketEncryption"]),
    runbook: {
      meaning:
        "New objects fall back to SSE-S3 instead of the declared key: whoever controls that key no longer controls the data. The security responder restores the declared configuration.",
      contain: [
        "Compare the bucket's encryption (s3api get-bucket-encryption) with the declared one in SSM (/<organization>/buckets/<bucket>/default-encryption); restore it if they differ.",
      ],
      recover: [
        "Re-apply the baseline; objects written in between keep the encryption they were written with: re-copy them if it matters.",
      ],
    },
    samples: {
      positive: [s3Call("DeleteBucketEncryption", { encryption: "" })],
      negative: [
        s3Read("GetBucketEncryption"),
        s3Call("DeleteBucketEncryption", {}, denied),
        // The baseline's own write: every apply may write it; the responder compares.
        s3Call("PutBucketEncryption", {
          ServerSideEncryptionConfiguration: {
            Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: true },
          },
        }),
        cloudTrailRecord({ eventSource: "ec2.amazonaws.com", eventName: "DeleteBucketEncryption" }),
      ],
    },
  },
  {
    id: "s3-access-logging-changed",
    title: "S3 server access logging turned off",
    catches:
      "A bucket's server access logging turned off. Logging pointed elsewhere is restored and reported by the security responder; logging into the baseline's target is compliant.",
    severity: "high",
    // Off: a logging status body without LoggingEnabled (a record without the body
    // at all says nothing about logging).
    ...s3Change(
      ["PutBucketLogging"],
      {
        requestParameters: {
          BucketLoggingStatus: { xmlns: [{ exists: true }], LoggingEnabled: { TargetBucket: [{ exists: false }] } },
        },
      },
      [
        "($.requestParameters.BucketLoggingStatus.LoggingEnabled.TargetBucket NOT EXISTS)",
        '($.requestParameters.BucketLoggingStatus.xmlns = "*")',
      ],
    ),
    runbook: {
      meaning:
        "Requests to the bucket are no longer recorded. The security responder turns logging back on to the account's access-log bucket for the region.",
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
          BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
          logging: [""],
        }),
      ],
      negative: [
        s3Read("GetBucketLogging"),
        s3Call("PutBucketLogging", { BucketLoggingStatus: {}, logging: "" }, denied),
        // No logging status in the record at all: nothing says logging was turned off.
        s3Call("PutBucketLogging", {}),
        // The baseline's own write, every apply: logging into the account's access-log bucket.
        s3Call("PutBucketLogging", {
          BucketLoggingStatus: {
            xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
            LoggingEnabled: {
              TargetBucket: "example-s3-access-logs-444444444444-eu-west-1",
              TargetPrefix: "",
              TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: "EventTime" } },
            },
          },
          logging: "",
        }),
      ],
    },
  },
  {
    id: "s3-versioning-suspended",
    title: "S3 versioning suspended or MFA delete turned off",
    catches: "Versioning suspended (or disabled) on a bucket, or its MFA delete turned off.",
    severity: "high",
    eventNames: ["PutBucketVersioning"],
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutBucketVersioning") && ${SUCCEEDED} && ${anyOf(
      '($.requestParameters.VersioningConfiguration.Status = "Suspended")',
      '($.requestParameters.VersioningConfiguration.Status = "Disabled")',
      '($.requestParameters.VersioningConfiguration.MfaDelete = "Disabled")',
    )} }`,
    eventPattern: apiCallPattern("aws.s3", "s3.amazonaws.com", ["PutBucketVersioning"], {
      ...succeeded,
      $or: [
        { requestParameters: { VersioningConfiguration: { Status: ["Suspended", "Disabled"] } } },
        { requestParameters: { VersioningConfiguration: { MfaDelete: ["Disabled"] } } },
      ],
    }),
    runbook: {
      meaning:
        "Overwrites and deletes become permanent again: the bucket loses its protection against ransomware and mistakes. The security responder re-enables versioning.",
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
        s3Call("PutBucketVersioning", { VersioningConfiguration: { Status: "Disabled" }, versioning: "" }),
        s3Call("PutBucketVersioning", {
          VersioningConfiguration: { Status: "Enabled", MfaDelete: "Disabled" },
          versioning: "",
        }),
      ],
      negative: [
        // The baseline's own write.
        s3Call("PutBucketVersioning", {
          VersioningConfiguration: { Status: "Enabled", xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
          versioning: "",
        }),
        s3Call("PutBucketVersioning", { VersioningConfiguration: { Status: "Enabled", MfaDelete: "Enabled" } }),
        s3Call("PutBucketVersioning", { VersioningConfiguration: { Status: "Suspended" } }, denied),
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
    catches:
      "A trail stopped, deleted, updated, or its event selectors changed, or an attempt at it refused; not calls that failed because the trail does not exist.",
    severity: "critical",
    eventNames: TRAIL_TAMPERING_EVENTS,
    // Any attempt counts, a refused one included: trying is the signal. Calls that
    // failed for another reason (no such trail, an invalid name) changed nothing.
    filterPattern: eventNameFilter(TRAIL_TAMPERING_EVENTS, "cloudtrail.amazonaws.com", [SUCCEEDED_OR_DENIED]),
    eventPattern: apiCallPattern(
      "aws.cloudtrail",
      "cloudtrail.amazonaws.com",
      TRAIL_TAMPERING_EVENTS,
      succeededOrDeniedDetail,
    ),
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
      positive: [
        ...TRAIL_TAMPERING_EVENTS.map((e) =>
          cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: e }),
        ),
        // Basic selectors that drop management events (a documented attack shape).
        cloudTrailRecord({
          eventSource: "cloudtrail.amazonaws.com",
          eventName: "PutEventSelectors",
          userIdentity: principals.iamUser,
          requestParameters: {
            trailName: "org-trail",
            eventSelectors: [
              {
                readWriteType: "ReadOnly",
                includeManagementEvents: false,
                excludeManagementEventSources: [],
                dataResources: [],
              },
            ],
          },
        }),
        // A refused attempt is still an attempt.
        cloudTrailRecord({
          eventSource: "cloudtrail.amazonaws.com",
          eventName: "PutEventSelectors",
          errorCode: "AccessDenied",
          errorMessage: "User is not authorized to perform: cloudtrail:PutEventSelectors",
        }),
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", ...denied }),
      ],
      negative: [
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: "GetEventSelectors", readOnly: true }),
        cloudTrailRecord({
          eventSource: "cloudtrail.amazonaws.com",
          eventName: "StopLogging",
          errorCode: "InvalidTrailNameException",
          errorMessage: "Trail name must be between 3 and 128 characters",
        }),
        cloudTrailRecord({
          eventSource: "cloudtrail.amazonaws.com",
          eventName: "DeleteTrail",
          errorCode: "TrailNotFoundException",
          errorMessage:
            "Unknown trail: arn:aws:cloudtrail:eu-west-1:444444444444:trail/gone for the user: 444444444444",
        }),
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: "StartLogging" }),
      ],
    },
  },
  {
    id: "s3-mass-deletion",
    title: "Mass deletion of S3 objects by one principal",
    catches:
      "One principal deleting 100 or more objects one call at a time within 5 minutes (from S3 data events); batches are s3-batch-deletion.",
    severity: "high",
    eventNames: ["DeleteObject"],
    filterPattern: eventNameFilter(["DeleteObject"], "s3.amazonaws.com", [SUCCEEDED]),
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
        s3Call("DeleteObject", { key: "invoices/2026/11/0001.pdf", "x-id": "DeleteObject" }, data),
        s3Call(
          "DeleteObject",
          { key: "invoices/2026/11/0002.pdf", versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" },
          data,
        ),
      ],
      negative: [
        s3Call("GetObject", { key: "invoices/2026/11/0001.pdf" }, { ...data, readOnly: true }),
        s3Call("DeleteObject", { key: "x" }, { ...data, ...denied }),
        s3Call("DeleteObjects", { delete: "" }, data),
      ],
    },
  },
  {
    id: "s3-batch-deletion",
    title: "Batch deletion of S3 objects by one principal",
    catches:
      "One principal making 10 or more DeleteObjects calls within 5 minutes: each removes up to 1,000 objects in one CloudTrail record, so the calls are counted, not the objects (the access-log processor counts those).",
    severity: "high",
    eventNames: ["DeleteObjects"],
    filterPattern: eventNameFilter(["DeleteObjects"], "s3.amazonaws.com", [SUCCEEDED]),
    threshold: 10,
    aggregation: "principal",
    runbook: {
      meaning:
        "Up to 10,000 objects removed in minutes by one identity: ransomware emptying a bucket, or a cleanup job gone wrong. CloudTrail does not list the keys; the access-log processor's deletion-burst alarm counts them from the BATCH.DELETE.OBJECT lines.",
      contain: [
        "Suspend the principal (revoke its sessions or deactivate its keys) while you look.",
        "Check that versioning is still enabled on the buckets involved (see s3-versioning-suspended).",
      ],
      recover: [
        "With versioning, remove the delete markers the batch left (list-object-versions, then delete the markers).",
        "Find the deleted keys in the access-log records (operation BATCH.DELETE.OBJECT) for the period.",
      ],
    },
    samples: {
      positive: [s3Call("DeleteObjects", { delete: "", "x-id": "DeleteObjects" }, data)],
      negative: [
        s3Call("DeleteObjects", { delete: "" }, { ...data, ...denied }),
        s3Call("DeleteObject", { key: "x" }, data),
        s3Call("ListObjectVersions", { versions: "" }, { ...data, readOnly: true }),
      ],
    },
  },
  {
    id: "s3-encrypted-with-customer-key",
    title: "S3 objects rewritten with a customer-provided key (SSE-C)",
    catches:
      "An object written or copied with a key the caller provides and AWS does not keep (SSE-C): the ransomware technique of re-encrypting data in place.",
    severity: "high",
    eventNames: ["CopyObject", "PutObject"],
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "CopyObject") || ($.eventName = "PutObject")) && ${SUCCEEDED} && (($.additionalEventData.SSEApplied = "SSE_C") || ($.requestParameters.x-amz-server-side-encryption-customer-algorithm = "*")) }`,
    forwardOnlyMatches: true,
    eventPattern: apiCallPattern("aws.s3", "s3.amazonaws.com", ["CopyObject", "PutObject"], {
      ...succeeded,
      $or: [
        { requestParameters: { "x-amz-server-side-encryption-customer-algorithm": [{ exists: true }] } },
        { additionalEventData: { SSEApplied: ["SSE_C"] } },
      ],
    }),
    runbook: {
      meaning:
        "Whoever holds the customer-provided key is the only one who can read the object; rewritten in place, the data is held to ransom. Only versioning keeps the readable versions.",
      contain: [
        "Suspend the principal at once; count its CopyObject and PutObject calls with SSE-C in the period (Logs Insights on additionalEventData.SSEApplied).",
        "Deny SSE-C writes on the bucket (a bucket policy Deny on s3:PutObject when s3:x-amz-server-side-encryption-customer-algorithm is present).",
      ],
      recover: ["Restore the previous (readable) versions of the rewritten objects."],
    },
    samples: {
      positive: [
        s3Call(
          "CopyObject",
          {
            key: "ledger/2026.csv",
            "x-amz-copy-source": "example-payments-prod-data/ledger/2026.csv",
            "x-amz-server-side-encryption-customer-algorithm": "AES256",
            "x-id": "CopyObject",
          },
          {
            ...data,
            responseElements: { "x-amz-server-side-encryption-customer-algorithm": "AES256" },
            additionalEventData: { SSEApplied: "SSE_C", SignatureVersion: "SigV4", bytesTransferredIn: 0 },
          },
        ),
        // As a public detonation record has it: the header only.
        s3Call(
          "CopyObject",
          {
            key: "data/0001.bin",
            "x-amz-copy-source": "example-payments-prod-data/data/0001.bin",
            "x-amz-server-side-encryption-customer-algorithm": "AES256",
            "x-id": "CopyObject",
          },
          { ...data, responseElements: { "x-amz-server-side-encryption-customer-algorithm": "AES256" } },
        ),
        s3Call(
          "PutObject",
          { key: "ledger/2027.csv", "x-amz-server-side-encryption-customer-algorithm": "AES256" },
          { ...data, additionalEventData: { SSEApplied: "SSE_C", bytesTransferredIn: 2048 } },
        ),
      ],
      negative: [
        s3Call(
          "CopyObject",
          { key: "a", "x-amz-copy-source": "b/a" },
          { ...data, additionalEventData: { SSEApplied: "SSE_KMS" } },
        ),
        s3Call("PutObject", { key: "a" }, { ...data, additionalEventData: { SSEApplied: "Default_SSE_S3" } }),
        s3Call(
          "CopyObject",
          { key: "a", "x-amz-server-side-encryption-customer-algorithm": "AES256" },
          { ...data, ...denied, additionalEventData: { SSEApplied: "SSE_C" } },
        ),
      ],
    },
  },
  {
    id: "s3-ransom-note-uploaded",
    title: "Ransom note uploaded to S3",
    catches: "An object written whose name reads like a ransom note (DECRYPT, RANSOM, FILES-DELETED, RESTORE_FILES).",
    severity: "high",
    eventNames: ["PutObject"],
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutObject") && ${SUCCEEDED} && ${anyOf(
      ...[
        "*DECRYPT*",
        "*decrypt*",
        "*RANSOM*",
        "*ransom*",
        "*FILES-DELETED*",
        "*RESTORE_FILES*",
        "*restore_files*",
      ].map((k) => `($.requestParameters.key = "${k}")`),
    )} }`,
    runbook: {
      meaning: "The last step of an S3 ransomware run: data deleted or re-encrypted, then a note left where it was.",
      contain: [
        "Suspend the principal that wrote it, and look for s3-batch-deletion, s3-mass-deletion or s3-encrypted-with-customer-key alarms in the same period.",
      ],
      recover: ["Restore the affected objects from their previous versions or from the replicas."],
    },
    samples: {
      positive: [
        s3Call("PutObject", { key: "FILES-DELETED.txt", "x-id": "PutObject" }, data),
        s3Call("PutObject", { key: "documents/financial/HOW_TO_DECRYPT_FILES.txt" }, data),
      ],
      negative: [
        s3Call("PutObject", { key: "reports/quarterly-report.pdf" }, data),
        s3Call("PutObject", { key: "FILES-DELETED.txt" }, { ...data, ...denied }),
      ],
    },
  },
  {
    id: "s3-lifecycle-expires-quickly",
    title: "S3 lifecycle rule expires objects within days",
    catches:
      "A lifecycle rule that expires current objects within 7 days: the way to delete logs or data without a delete call.",
    severity: "high",
    eventNames: ["PutBucketLifecycle"],
    filterPattern: `{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutBucketLifecycle") && ${SUCCEEDED} && ${FAST_EXPIRY} }`,
    // No EventBridge pattern: several rules arrive as an array of objects, which a
    // pattern cannot search reliably.
    runbook: {
      meaning:
        "Within days S3 itself deletes everything the rule covers. On a log or archive bucket that erases the audit trail; Object Lock on the archives stops it there, nowhere else.",
      contain: [
        "Delete or correct the rule (s3api get-bucket-lifecycle-configuration, then put the intended one) before it runs; expiration runs once a day.",
      ],
      recover: [
        "Re-apply the baseline, whose lifecycle rules are declared; restore expired objects from versions or replicas.",
      ],
    },
    samples: {
      positive: [
        s3Call(
          "PutBucketLifecycle",
          lifecycle({
            ID: "nuke-cloudtrail-logs-after-1-day",
            Status: "Enabled",
            Filter: { Prefix: "*" },
            Expiration: { Days: 1 },
          }),
        ),
        s3Call(
          "PutBucketLifecycle",
          lifecycle([
            {
              ID: "keep",
              Status: "Enabled",
              Filter: { Prefix: "" },
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            },
            { ID: "purge", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: 3 } },
          ]),
        ),
      ],
      negative: [
        // The baseline's own rules: noncurrent versions and incomplete uploads, long expirations.
        s3Call(
          "PutBucketLifecycle",
          lifecycle([
            {
              ID: "expire-noncurrent",
              Status: "Enabled",
              Filter: {},
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            },
            {
              ID: "abort-incomplete-uploads",
              Status: "Enabled",
              Filter: {},
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ]),
        ),
        s3Call(
          "PutBucketLifecycle",
          lifecycle({ ID: "logs", Status: "Enabled", Filter: {}, Expiration: { Days: 730 } }),
        ),
        s3Call("PutBucketLifecycle", lifecycle({ ID: "x", Status: "Enabled", Expiration: { Days: 1 } }), denied),
      ],
    },
  },
  {
    id: "s3-website-enabled",
    title: "S3 static website hosting turned on",
    catches:
      "Website hosting configured on a bucket: its objects get a public HTTP endpoint once a policy allows reads.",
    severity: "high",
    ...s3Change(["PutBucketWebsite"]),
    runbook: {
      meaning:
        "A website endpoint serves objects over plain HTTP to anyone a policy admits; combined with a public policy it publishes the bucket. Block Public Access still stops anonymous reads.",
      contain: [
        "Delete the website configuration (s3api delete-bucket-website) unless the bucket is an approved exception.",
      ],
      recover: ["Review the bucket's access logs for WEBSITE.GET.OBJECT requests since the change."],
    },
    samples: {
      positive: [
        s3Call("PutBucketWebsite", {
          website: "",
          WebsiteConfiguration: {
            xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
            IndexDocument: { Suffix: "index.html" },
          },
        }),
      ],
      negative: [
        s3Read("GetBucketWebsite"),
        s3Call("PutBucketWebsite", { website: "" }, denied),
        s3Call("DeleteBucketWebsite", { website: "" }),
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
