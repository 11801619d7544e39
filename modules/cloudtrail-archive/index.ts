import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { HardenedBucket, housekeepingRules, type ObjectLockRetention } from "../hardened-bucket";
import { Key } from "../references";
import type { IAccessLogTarget } from "../access-log-bucket";
import { accountRoot, kmsAdministration, policyDocument, type PolicyStatement } from "../iam";
import { accountOf } from "../environment";
import { archiveRetentionProblems, CLOUDTRAIL_ARCHIVE_DEFAULTS } from "./defaults";

export * from "./defaults";

export interface CloudTrailArchiveProps {
  /** Name of the archive bucket. */
  readonly bucketName: string;
  /** Alias of the archive's KMS key, e.g. `alias/example-cloudtrail-archive`. */
  readonly keyAlias: string;
  /**
   * The account that holds the archive (the log-archive account).
   * @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it)
   */
  readonly accountId?: string;
  /** AWS Organizations id; organization trails write under `AWSLogs/<org-id>/`. */
  readonly organizationId: string;
  /** The management account; it owns organization trails. */
  readonly managementAccountId: string;
  /** ARN of the trail allowed to write (`aws:SourceArn` of every CloudTrail grant). */
  readonly trailArn: string;
  /** Where the archive bucket's own server access logs go. */
  readonly accessLogBucket: IAccessLogTarget;
  /**
   * Accounts that may describe the key (and only describe it), so that a stack there
   * finds the key's ARN from its alias ARN without any role in this account: the
   * trail's account, which must configure the key ARN (an alias ARN shows a change on
   * every plan).
   * @default none
   */
  readonly keyLookupAccountIds?: string[];
  /**
   * Principals (IAM role, user or account-root ARNs) allowed to read and decrypt the
   * logs: the bucket policy lets them list and get objects, the key policy lets them
   * decrypt. Nobody else can read them, the archive account's administrators
   * included. The principals must exist when the key policy is applied, and readers
   * in other accounts also need the same actions in their own IAM policies.
   * @default none
   */
  readonly readerArns?: string[];
  /**
   * Object Lock default retention. Enabled at creation.
   * @default `CLOUDTRAIL_ARCHIVE_DEFAULTS.objectLock` (GOVERNANCE, a year)
   */
  readonly objectLock?: ObjectLockRetention;
  /**
   * Days after which log files move to S3 Glacier Flexible Retrieval.
   * @default `CLOUDTRAIL_ARCHIVE_DEFAULTS.transitionToGlacierDays`
   */
  readonly transitionToGlacierDays?: number;
  /**
   * Days after which log files expire; greater than `transitionToGlacierDays`, and at
   * least the Object Lock days (`archiveRetentionProblems`).
   * @default `CLOUDTRAIL_ARCHIVE_DEFAULTS.expirationDays` (seven years, a common audit retention)
   */
  readonly expirationDays?: number;
}

/**
 * The organization trail's archive: an Object Lock bucket encrypted with its own KMS
 * key, writable only by the named trail, undeletable by any principal, logged into a
 * separate access-log bucket. Bucket and key carry `prevent_destroy`.
 *
 * @example
 * const accessLogs = new AccessLogBucket(this, "access-logs", {
 *   bucketName: names.accessLogBucket("222222222222", "eu-west-1"),
 *   accountId: "222222222222",
 *   allowedSourceBucketArns: [],
 * });
 * const archive = new CloudTrailArchive(this, "cloudtrail-archive", {
 *   bucketName: names.cloudTrailArchiveBucket("222222222222"),
 *   keyAlias: names.cloudTrailArchiveKeyAlias(),
 *   accountId: "222222222222",
 *   organizationId: "o-exampleorg1",
 *   managementAccountId: "111111111111",
 *   trailArn: names.trailArn("eu-west-1", "111111111111", "org-trail"),
 *   accessLogBucket: accessLogs,
 *   keyLookupAccountIds: ["111111111111"],
 *   readerArns: ["arn:aws:iam::333333333333:role/security-audit"],
 *   objectLock: { mode: "GOVERNANCE", days: 365 },
 *   transitionToGlacierDays: 90,
 *   expirationDays: 2555,
 * });
 */
export class CloudTrailArchive extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly archive: HardenedBucket;

  constructor(scope: Construct, id: string, props: CloudTrailArchiveProps) {
    super(scope, id);
    const accountId = accountOf(this, props.accountId);
    const defaults = CLOUDTRAIL_ARCHIVE_DEFAULTS;
    const objectLock = props.objectLock ?? defaults.objectLock;
    const transitionDays = props.transitionToGlacierDays ?? defaults.transitionToGlacierDays;
    const expirationDays = props.expirationDays ?? defaults.expirationDays;
    const problems = archiveRetentionProblems(props);
    if (problems.length > 0) {
      throw new Error(
        `CloudTrailArchive "${props.bucketName}": ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
      );
    }
    const trailArnPattern = `arn:aws:cloudtrail:*:${props.managementAccountId}:trail/*`;
    const readers = props.readerArns ?? [];

    const keyStatements: PolicyStatement[] = [
      kmsAdministration(accountId),
      {
        Sid: "CloudTrailEncryptLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": props.trailArn },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trailArnPattern },
        },
      },
      {
        Sid: "CloudTrailDescribeKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": props.trailArn } },
      },
    ];
    const lookups = props.keyLookupAccountIds ?? [];
    if (lookups.length > 0) {
      keyStatements.push({
        Sid: "TrailAccountLooksUpTheKey",
        Effect: "Allow",
        Principal: { AWS: lookups.map(accountRoot) },
        Action: "kms:DescribeKey",
        Resource: "*",
      });
    }
    if (readers.length > 0) {
      keyStatements.push({
        Sid: "NamedReadersDecryptLogs",
        Effect: "Allow",
        Principal: { AWS: readers },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trailArnPattern } },
      });
    }

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the organization trail's log files in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument(keyStatements),
      lifecycle: { preventDestroy: true },
    });
    this.alias = new KmsAlias(this, "alias", {
      name: props.keyAlias,
      targetKeyId: this.key.keyId,
      // The trail finds the key through this alias.
      lifecycle: { preventDestroy: true },
    });

    const lifecycleRules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "archive-then-expire",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [{ days: transitionDays, storageClass: "GLACIER" }],
        expiration: [{ days: expirationDays }],
      },
      ...housekeepingRules(1),
    ];

    const bucketArn = `arn:aws:s3:::${props.bucketName}`;
    this.archive = new HardenedBucket(this, "bucket", {
      bucketName: props.bucketName,
      // S3 Bucket Keys change the KMS encryption context to the bucket ARN; the key
      // policy above conditions on CloudTrail's own context, so they stay off.
      encryption: { type: "SSE-KMS", key: Key.fromArn(this.key.arn), bucketKey: false },
      objectLock,
      protectFromDestroy: true,
      lifecycleRules,
      policyStatements: [
        {
          Sid: "CloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: bucketArn,
          Condition: { StringEquals: { "aws:SourceArn": props.trailArn } },
        },
        {
          Sid: "CloudTrailWriteOrganizationLogs",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: [
            `${bucketArn}/AWSLogs/${props.managementAccountId}/*`,
            `${bucketArn}/AWSLogs/${props.organizationId}/*`,
          ],
          Condition: {
            StringEquals: { "aws:SourceArn": props.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" },
          },
        },
        ...(readers.length > 0
          ? [
              {
                Sid: "NamedReadersReadLogs",
                Effect: "Allow" as const,
                Principal: { AWS: readers },
                Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"],
                Resource: [bucketArn, `${bucketArn}/*`],
              },
            ]
          : []),
        {
          Sid: "DenyLogDeletion",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"],
          Resource: `${bucketArn}/*`,
        },
      ],
    });
    props.accessLogBucket.logsFor(this.archive);
  }
}
