import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import {
  kmsAdministration,
  kmsForLogGroups,
  kmsUseThroughServices,
  policyDocument,
  type PolicyStatement,
} from "../iam";
import { lambdaBundleDir } from "./bundle";
import { Key } from "../references";
import { environmentOf } from "../environment";
import { DEFAULT_LOG_RETENTION_DAYS } from "../defaults";

export interface BaselineFunctionProps {
  readonly functionName: string;
  readonly description: string;
  /** Folder of lambda-src (and of dist/lambda) holding the handler. */
  readonly bundle: string;
  /** The account it deploys into. @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it) */
  readonly accountId?: string;
  /** The region it deploys into. @default the enclosing scope's region (see `setEnvironment`; `AccountStack` sets it) */
  readonly region?: string;
  /**
   * Statements the function needs beyond its logs, key and dead-letter queue; the
   * `grant…` helpers write them (`topic.grantPublish("Report")`).
   */
  readonly policyStatements: PolicyStatement[];
  readonly environment: Record<string, string>;
  /** @default 256 */
  readonly memorySize?: number;
  /** In seconds. @default 60 */
  readonly timeout?: number;
  /**
   * Concurrent executions reserved for the function. A reservation must leave the
   * account 100 unreserved executions, which a new account (quota 10) cannot.
   * @default none: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
  /** @default `DEFAULT_LOG_RETENTION_DAYS` (a year) */
  readonly logRetentionDays?: number;
  /**
   * More log groups the function's key encrypts (created by the caller).
   * @default none
   */
  readonly extraLogGroupNames?: string[];
  /**
   * More services that use the key for this account's resources (e.g. DynamoDB).
   * @default Lambda only
   */
  readonly extraKeyServices?: string[];
}

/**
 * A function the way this project runs them: Node.js 22 on arm64 from an esbuild
 * bundle, its own least-privilege role, a KMS key (rotation, prevent_destroy) for its
 * environment and logs, a log group with retention, a dead-letter queue, optional
 * reserved concurrency and X-Ray tracing.
 *
 * @example
 * const fn = new BaselineFunction(this, "fn", {
 *   functionName: "example-security-responder",
 *   description: "Restores the S3 baseline",
 *   bundle: "security-responder",
 *   accountId: "333333333333",
 *   region: "eu-west-1",
 *   policyStatements: topic.grantPublish("Report"),
 *   environment: { ALERT_TOPIC_ARN: topic.topicArn },
 *   timeout: 60,
 * });
 */
export class BaselineFunction extends Construct {
  readonly function: LambdaFunction;
  readonly key: KmsKey;
  readonly role: IamRole;
  readonly deadLetterQueue: SqsQueue;
  readonly deadLetterQueueArn: string;

  /**
   * The ARN of the execution role of a function named `functionName` in `accountId`,
   * for another stack or account to trust before the function exists.
   */
  static roleArn(accountId: string, functionName: string): string {
    return `arn:aws:iam::${accountId}:role/${functionName}`;
  }

  constructor(scope: Construct, id: string, props: BaselineFunctionProps) {
    super(scope, id);
    const { accountId, region } = environmentOf(this, props);
    const name = props.functionName;
    const functionLogGroup = `/aws/lambda/${name}`;
    this.deadLetterQueueArn = `arn:aws:sqs:${region}:${accountId}:${name}-dlq`;

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the logs and environment of ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // Its logs are audit material (what the function saw and did).
      lifecycle: { preventDestroy: true },
      policy: policyDocument([
        kmsAdministration(accountId),
        kmsForLogGroups(region, accountId, [functionLogGroup, ...(props.extraLogGroupNames ?? [])]),
        ...kmsUseThroughServices(accountId, [`lambda.${region}.amazonaws.com`, ...(props.extraKeyServices ?? [])]),
      ]),
    });
    const logs = new CloudwatchLogGroup(this, "logs", {
      name: functionLogGroup,
      retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: this.key.arn,
    });
    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: `${name}-dlq`,
      messageRetentionSeconds: 14 * 86400,
      sqsManagedSseEnabled: true,
    });

    this.role = new IamRole(this, "role", {
      // Named as roleArn names it.
      name,
      description: `Execution role of ${name}`,
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    const policy = new IamRolePolicy(this, "role-policy", {
      role: this.role.id,
      name: "function",
      policy: policyDocument([
        ...props.policyStatements,
        { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.deadLetterQueueArn },
        {
          Sid: "WriteLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [functionLogGroup, ...(props.extraLogGroupNames ?? [])].map(
            (g) => `arn:aws:logs:${region}:${accountId}:log-group:${g}:*`,
          ),
        },
        // Its own key alone; a topic's key comes with the topic's grantPublish.
        Key.fromArn(this.key.arn).grantEncryptDecrypt("UseKey"),
      ]),
    });
    // X-Ray has no resource-level permissions; the managed policy grants just the writes.
    new IamRolePolicyAttachment(this, "tracing", {
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
    });

    const asset = new TerraformAsset(this, "bundle", { path: lambdaBundleDir(props.bundle), type: AssetType.ARCHIVE });
    this.function = new LambdaFunction(this, "function", {
      functionName: name,
      description: props.description,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? 60,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: "Active" },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      kmsKeyArn: this.key.arn,
      loggingConfig: { logFormat: "JSON", logGroup: logs.name },
      environment: { variables: props.environment },
      dependsOn: [policy, logs],
    });
  }
}
