import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { BaselineFunction } from "../baseline-function";
import { apiCallPattern } from "../detections/patterns";
import { policyDocument } from "../iam";
import type { ITopic } from "../references";
import { REMEDIATION_ACTIONS, RESPONDER_DEFAULTS, RESPONDER_EVENT_NAMES, RESPONDER_FINDING } from "./events";

export { RESPONDER_DEFAULTS } from "./events";

export {
  RESPONDER_EVENTS,
  RESPONDER_EVENT_NAMES,
  RESPONDER_FINDING,
  REMEDIATIONS,
  REMEDIATION_ACTIONS,
  declaredConfigurationPrefix,
  declaredEncryptionParameterName,
} from "./events";
import { accountOf, environmentOf } from "../environment";
export type { DeclaredEncryption, RemediationKind, RemediationSpec, ResponderEvent } from "./events";

/**
 * What the responder's rule on the central bus matches: the S3 calls of
 * RESPONDER_EVENTS that succeeded, and Access Analyzer's public-bucket findings.
 */
export function responderEventPattern(): Record<string, unknown> {
  return {
    $or: [
      apiCallPattern("aws.s3", "s3.amazonaws.com", RESPONDER_EVENT_NAMES, { errorCode: [{ exists: false }] }),
      RESPONDER_FINDING.pattern,
    ],
  };
}

export interface SecurityResponderProps {
  readonly functionName: string;
  /** The account it deploys into. @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it) */
  readonly accountId?: string;
  /** The region it deploys into. @default the enclosing scope's region (see `setEnvironment`; `AccountStack` sets it) */
  readonly region?: string;
  /** Name of the central event bus the responder listens on. */
  readonly busName: string;
  /** Topic for its reports: an `AlarmTopic`, or `AlarmTopic.fromArn` (with its key). */
  readonly topic: ITopic;
  /** Organization whose accounts it may act in (`aws:ResourceOrgID` of the roles it assumes). */
  readonly organizationId: string;
  /** Name of the remediation role in every account (SecurityRemediationRole). */
  readonly remediationRoleName: string;
  /** Prefix of access-log bucket names; `<prefix><account>-<region>` is where logging is restored to. */
  readonly accessLogBucketPrefix: string;
  /**
   * SSM parameter path under which BucketBaseline publishes each bucket's declared
   * configuration (the default encryption the responder restores):
   * `declaredConfigurationPrefix(namePrefix)`, the path BucketBaseline writes under.
   */
  readonly declaredConfigurationPrefix: string;
  /**
   * Report what it would do without doing it.
   * @default `RESPONDER_DEFAULTS.dryRun` (false)
   */
  readonly dryRun?: boolean;
  /**
   * Buckets carrying this tag key are approved exceptions: reported, not changed.
   * @default `RESPONDER_DEFAULTS.exceptionTag`
   */
  readonly exceptionTag?: string;
  /** @default `DEFAULT_LOG_RETENTION_DAYS` (a year) */
  readonly logRetentionDays?: number;
  /**
   * Concurrent executions reserved for the function. A reservation must leave the
   * account 100 unreserved executions, which a new account (quota 10) cannot.
   * @default none: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
}

/**
 * The security responder: on the central bus, S3 events that remove or weaken Block
 * Public Access, make a bucket public, suspend versioning, turn logging off or remove
 * default encryption, and IAM Access Analyzer findings that a bucket is public, invoke
 * a function that restores the baseline in the bucket's account (through
 * SecurityRemediationRole) and reports to SNS.
 *
 * @example
 * new SecurityResponder(this, "responder", {
 *   functionName: "example-security-responder",
 *   accountId: "333333333333",
 *   region: "eu-west-1",
 *   busName: "example-security-events",
 *   topic,
 *   organizationId: "o-exampleorg1",
 *   remediationRoleName: "example-security-remediation",
 *   accessLogBucketPrefix: "example-s3-access-logs-",
 *   declaredConfigurationPrefix: "/example/buckets",
 *   dryRun: false,
 * });
 */
export class SecurityResponder extends Construct {
  readonly function: LambdaFunction;

  /**
   * The ARN of the execution role of the responder named `functionName` in
   * `accountId`: what SecurityRemediationRole trusts in every other account.
   */
  static roleArn(accountId: string, functionName: string): string {
    return BaselineFunction.roleArn(accountId, functionName);
  }

  constructor(scope: Construct, id: string, props: SecurityResponderProps) {
    super(scope, id);
    const { accountId, region } = environmentOf(this, props);
    const name = props.functionName;
    const fn = new BaselineFunction(this, "function", {
      functionName: name,
      description: "Restores the S3 baseline after a security event and reports it",
      bundle: "security-responder",
      accountId: accountId,
      region: region,
      timeout: 60,
      reservedConcurrency: props.reservedConcurrency,
      logRetentionDays: props.logRetentionDays,
      policyStatements: [
        {
          Sid: "AssumeRemediationRoles",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Resource: `arn:aws:iam::*:role/${props.remediationRoleName}`,
          Condition: { StringEquals: { "aws:ResourceOrgID": props.organizationId } },
        },
        ...props.topic.grantPublish("Report"),
      ],
      environment: {
        REMEDIATION_ROLE_NAME: props.remediationRoleName,
        ALERT_TOPIC_ARN: props.topic.topicArn,
        EXCEPTION_TAG: props.exceptionTag ?? RESPONDER_DEFAULTS.exceptionTag,
        ACCESS_LOG_BUCKET_PREFIX: props.accessLogBucketPrefix,
        DECLARED_CONFIGURATION_PREFIX: props.declaredConfigurationPrefix,
        DRY_RUN: String(props.dryRun ?? RESPONDER_DEFAULTS.dryRun),
        POWERTOOLS_SERVICE_NAME: "security-responder",
      },
    });
    this.function = fn.function;

    const rule = new CloudwatchEventRule(this, "rule", {
      name: name.slice(0, 64),
      description: "S3 events and public-bucket findings the security responder answers",
      eventBusName: props.busName,
      eventPattern: JSON.stringify(responderEventPattern()),
    });
    new CloudwatchEventTarget(this, "target", {
      rule: rule.name,
      eventBusName: props.busName,
      arn: this.function.arn,
      retryPolicy: { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600 },
      deadLetterConfig: { arn: fn.deadLetterQueue.arn },
    });
    // Events EventBridge cannot deliver go to the DLQ; EventBridge needs leave to send.
    new SqsQueuePolicy(this, "dead-letter-queue-policy", {
      queueUrl: fn.deadLetterQueue.url,
      policy: policyDocument([
        {
          Sid: "EventBridgeDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: fn.deadLetterQueueArn,
          Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
        },
      ]),
    });
    // The handler reports every outcome, failures included; retries would repeat the
    // report. A failed event lands in the DLQ for a person.
    new LambdaFunctionEventInvokeConfig(this, "invoke-config", {
      functionName: this.function.functionName,
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: fn.deadLetterQueue.arn } },
    });
    new LambdaPermission(this, "invoke", {
      statementId: "central-bus",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    });
  }
}

export interface SecurityRemediationRoleProps {
  readonly roleName: string;
  /** The account it deploys into. @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it) */
  readonly accountId?: string;
  /** The responder's execution role: the only principal trusted. */
  readonly responderRoleArn: string;
  /** SSM parameter path of the declared bucket configurations the responder reads. */
  readonly declaredConfigurationPrefix: string;
}

/**
 * In one account: the role the security responder assumes to restore the baseline,
 * trusting only the responder's role and limited to exactly the restoring calls, on
 * this account's resources.
 *
 * @example
 * new SecurityRemediationRole(this, "remediation-role", {
 *   roleName: "example-security-remediation",
 *   accountId: "444444444444",
 *   responderRoleArn: SecurityResponder.roleArn("333333333333", "example-security-responder"),
 *   declaredConfigurationPrefix: "/example/buckets",
 * });
 */
export class SecurityRemediationRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SecurityRemediationRoleProps) {
    super(scope, id);
    const accountId = accountOf(this, props.accountId);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Assumed by the security responder to restore the S3 baseline",
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { AWS: props.responderRoleArn }, Action: "sts:AssumeRole" },
      ]),
    });
    new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: "restore-s3-baseline",
      policy: policyDocument([
        {
          Sid: "RestoreBaseline",
          Effect: "Allow",
          Action: REMEDIATION_ACTIONS.filter((a) => a.startsWith("s3:")),
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceAccount": accountId } },
        },
        {
          Sid: "ReadDeclaredConfiguration",
          Effect: "Allow",
          Action: REMEDIATION_ACTIONS.filter((a) => a.startsWith("ssm:")),
          Resource: `arn:aws:ssm:*:${accountId}:parameter${props.declaredConfigurationPrefix}/*`,
        },
      ]),
    });
  }
}
