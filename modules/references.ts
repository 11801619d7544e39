/**
 * What constructs take instead of name and ARN strings: a bucket, a KMS key, an SNS
 * topic. A construct of this package is one (`HardenedBucket` is an `IBucket`,
 * `AlarmTopic` an `ITopic`); one that lives in another stack or account is named with
 * `HardenedBucket.fromName`, `Key.fromArn` or `AlarmTopic.fromArn`.
 *
 * Inside a stack, pass the construct itself: its name and ARN are then references,
 * so Terraform creates it before anything AWS checks it against at the call.
 */
import type { PolicyStatement } from "./iam";

/** An S3 bucket. */
export interface IBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
}

/** A customer managed KMS key. */
export interface IKey {
  /** The key's ARN (not an alias ARN: a trail or bucket given one shows a change on every plan). */
  readonly keyArn: string;
  /**
   * Lets a principal encrypt and decrypt data under this key and no other: the
   * statement for its IAM policy. The key policy must also allow the principal's
   * account (as `kmsUseThroughServices` does for services acting for it).
   */
  grantEncryptDecrypt(sid: string): PolicyStatement;
}

/** An SNS topic alarms, rules and functions publish to. */
export interface ITopic {
  readonly topicArn: string;
  /**
   * Lets a principal publish: `sns:Publish` on this topic and, for a topic encrypted
   * with a customer managed key, the data-key actions on that key alone. The
   * statements for its IAM policy (e.g. `BaselineFunction`'s `policyStatements`).
   */
  grantPublish(sid: string): PolicyStatement[];
}

/** KMS keys made elsewhere. */
export abstract class Key {
  /**
   * A key by its ARN: one from another stack (read it with a `DataAwsKmsKey`), or a
   * `KmsKey` resource of this stack (`Key.fromArn(key.arn)`, a reference).
   */
  static fromArn(keyArn: string): IKey {
    return {
      keyArn,
      grantEncryptDecrypt: (sid) => keyUse(sid, keyArn),
    };
  }
}

/** The data actions on one key that encryption and decryption through a service need. */
export function keyUse(sid: string, keyArn: string): PolicyStatement {
  return { Sid: sid, Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: keyArn };
}

/** Publishing to a topic, and using its key when it has one. */
export function topicPublish(sid: string, topicArn: string, key?: IKey): PolicyStatement[] {
  return [
    { Sid: sid, Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
    ...(key ? [key.grantEncryptDecrypt(`${sid}Key`)] : []),
  ];
}
