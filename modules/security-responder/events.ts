/**
 * The security responder's one table: which CloudTrail events it answers, which
 * remediation each may call for, the IAM actions that remediation needs and the
 * words it reports. `modules/` derives the rule pattern and the remediation role's
 * permissions from it; `lambda-src/security-responder` plans and applies from it.
 * Pure data: no cdktf imports, so the Lambda bundle can include it.
 */

/** What the responder can restore. */
export type RemediationKind =
  "bucket-public-access" | "account-public-access" | "versioning" | "logging" | "encryption";

export interface RemediationSpec {
  /** IAM actions the remediation role needs to apply it. */
  readonly iamActions: readonly string[];
  /** What was done, for the report: `{target}` is the bucket or account. */
  readonly done: string;
  /** The same in a dry run. */
  readonly wouldDo: string;
}

export const REMEDIATIONS: Readonly<Record<RemediationKind, RemediationSpec>> = {
  "bucket-public-access": {
    iamActions: ["s3:PutBucketPublicAccessBlock"],
    done: "re-applied all four Block Public Access settings on {target}",
    wouldDo: "would re-apply all four Block Public Access settings on {target}",
  },
  "account-public-access": {
    iamActions: ["s3:PutAccountPublicAccessBlock"],
    done: "re-applied all four Block Public Access settings on account {target}",
    wouldDo: "would re-apply all four Block Public Access settings on account {target}",
  },
  versioning: {
    iamActions: ["s3:PutBucketVersioning"],
    done: "re-enabled versioning on {target}",
    wouldDo: "would re-enable versioning on {target}",
  },
  logging: {
    iamActions: ["s3:PutBucketLogging"],
    done: "re-enabled access logging of {target}",
    wouldDo: "would re-enable access logging of {target}",
  },
  encryption: {
    // The declared configuration is read from the bucket's parameter (see
    // declaredEncryptionParameterName). S3 does not check the key at
    // PutBucketEncryption, so no KMS permission is needed to restore it.
    iamActions: ["s3:PutEncryptionConfiguration", "ssm:GetParameter"],
    done: "restored the declared default encryption on {target}",
    wouldDo: "would restore the declared default encryption on {target}",
  },
};

/** One event the responder answers, and the remediation it may call for. */
export interface ResponderEvent {
  readonly eventSource: string;
  readonly eventName: string;
  readonly remediation: RemediationKind;
  /** The finding, as the report states it, when the event calls for action. */
  readonly reason: string;
}

const s3 = (eventName: string, remediation: RemediationKind, reason: string): ResponderEvent => ({
  eventSource: "s3.amazonaws.com",
  eventName,
  remediation,
  reason,
});

/**
 * Every event the responder answers. Whether one calls for action depends on its
 * content (a Block Public Access write that leaves every flag on does not); the
 * handler decides that, one case per row.
 */
export const RESPONDER_EVENTS = [
  s3("DeleteBucketPublicAccessBlock", "bucket-public-access", "Block Public Access removed"),
  s3("PutBucketPublicAccessBlock", "bucket-public-access", "Block Public Access weakened"),
  s3("DeleteAccountPublicAccessBlock", "account-public-access", "account Block Public Access removed"),
  s3("PutAccountPublicAccessBlock", "account-public-access", "account Block Public Access weakened"),
  s3("PutBucketAcl", "bucket-public-access", "public ACL granted on the bucket"),
  s3("PutObjectAcl", "bucket-public-access", "public ACL granted on an object"),
  s3("PutBucketPolicy", "bucket-public-access", "public bucket policy"),
  s3("PutBucketVersioning", "versioning", "versioning suspended"),
  s3("PutBucketLogging", "logging", "access logging turned off or redirected"),
  s3("DeleteBucketEncryption", "encryption", "default encryption removed"),
  s3("PutBucketEncryption", "encryption", "default encryption changed from the declared one"),
] as const satisfies readonly ResponderEvent[];

export type ResponderEventName = (typeof RESPONDER_EVENTS)[number]["eventName"];

/** The S3 calls the responder's rule listens for. */
export const RESPONDER_EVENT_NAMES: readonly ResponderEventName[] = RESPONDER_EVENTS.map((e) => e.eventName);

/**
 * The IAM Access Analyzer findings the responder answers: active findings that an S3
 * bucket is public. It restores the bucket's Block Public Access, as for a public
 * policy or ACL written through CloudTrail.
 */
export const RESPONDER_FINDING = {
  detailType: "Access Analyzer Finding",
  remediation: "bucket-public-access",
  reason: "Access Analyzer found the bucket public",
  pattern: {
    source: ["aws.access-analyzer"],
    "detail-type": ["Access Analyzer Finding"],
    detail: { status: ["ACTIVE"], resourceType: ["AWS::S3::Bucket"], isPublic: [true], isDeleted: [false] },
  },
} as const satisfies { remediation: RemediationKind; [key: string]: unknown };

/** Read before acting: the exception tag, on every bucket remediation. */
const ALWAYS = ["s3:GetBucketTagging"];

/** The calls the remediation role allows, and nothing else. */
export const REMEDIATION_ACTIONS: readonly string[] = [
  ...new Set([...Object.values(REMEDIATIONS).flatMap((r) => r.iamActions), ...ALWAYS]),
];

/** Where the baseline publishes declared bucket configurations: `/<namePrefix>/buckets`. */
export function declaredConfigurationPrefix(namePrefix: string): string {
  return `/${namePrefix}/buckets`;
}

/**
 * The SSM parameter, in the bucket's account and region, that holds the bucket's
 * declared default encryption (the ServerSideEncryptionByDefault JSON and whether
 * a bucket key is on). The baseline writes it; the responder restores from it.
 */
export function declaredEncryptionParameterName(parameterPrefix: string, bucket: string): string {
  return `${parameterPrefix}/${bucket}/default-encryption`;
}

/** The content of that parameter. */
export interface DeclaredEncryption {
  readonly SSEAlgorithm: "AES256" | "aws:kms" | "aws:kms:dsse";
  readonly KMSMasterKeyID?: string;
  readonly BucketKeyEnabled?: boolean;
}

/** Defaults of `SecurityResponder`, which the configuration's `responder` section takes. */
export const RESPONDER_DEFAULTS = {
  /** Restore, not just report. */
  dryRun: false,
  /** The tag key that marks a bucket as an approved exception. */
  exceptionTag: "s3-audit-baseline:exception",
} as const;
