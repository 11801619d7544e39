import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { stringify } from "yaml";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { ConfigOrganizationConformancePack } from "@cdktf/provider-aws/lib/config-organization-conformance-pack";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { CONFIG_RULES, configRuleName } from "../detections/findings";
import { policyDocument, type PolicyStatement } from "../iam";
import { accountOf } from "../environment";

/** AWS Config's limit on a conformance pack template given inline. */
export const CONFORMANCE_PACK_TEMPLATE_LIMIT = 51_200;

/** The resource types the rules evaluate: all a recorder made here records. */
export const RECORDED_RESOURCE_TYPES = [
  "AWS::S3::Bucket",
  "AWS::S3::AccountPublicAccessBlock",
  "AWS::CloudTrail::Trail",
];

/**
 * The conformance pack template: one AWS managed rule per CONFIG_RULES entry, named
 * `<namePrefix>-<rule>`; the account-level rules (account Block Public Access,
 * CloudTrail) only where `includeAccountRules`, so each is evaluated once per account.
 */
export function conformancePackTemplate(namePrefix: string, includeAccountRules: boolean): string {
  const resources: Record<string, unknown> = {};
  for (const r of CONFIG_RULES) {
    if (r.scope === "account" && !includeAccountRules) continue;
    const logicalId = r.name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
    resources[logicalId] = {
      Type: "AWS::Config::ConfigRule",
      Properties: {
        ConfigRuleName: configRuleName(namePrefix, r.name),
        Source: { Owner: "AWS", SourceIdentifier: r.identifier },
        ...(r.scope === "bucket"
          ? { Scope: { ComplianceResourceTypes: ["AWS::S3::Bucket"] } }
          : { MaximumExecutionFrequency: "TwentyFour_Hours" }),
      },
    };
  }
  return stringify({ Resources: resources });
}

export interface OrganizationConformancePackProps {
  /** The pack's name (unique in the organization). */
  readonly packName: string;
  /** Prefix of the rules' names; the compliance notifications match it. */
  readonly namePrefix: string;
  /**
   * Include the account-level rules: true in one region (the home region).
   * @default true
   */
  readonly includeAccountRules?: boolean;
  /**
   * Accounts the pack skips: every other account of the organization needs a
   * configuration recorder in the region, or the pack fails to create.
   * @default none
   */
  readonly excludedAccounts?: readonly string[];
  /**
   * The provider of the account and region: the management account or the Config
   * delegated administrator (`config-multiaccountsetup.amazonaws.com`).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An AWS Config organization conformance pack of the S3 and CloudTrail rules, in one
 * region, deployed by Config to every account of the organization. Every account
 * needs a configuration recorder in that region first (ConfigRecorder, or one it
 * already has): the pack fails to create where none records.
 *
 * @example
 * new OrganizationConformancePack(this, "conformance-pack-eu-west-1", {
 *   packName: "example-s3-audit",
 *   namePrefix: "example",
 *   includeAccountRules: true,
 *   excludedAccounts: ["999999999999"],
 *   provider: euWest1,
 * });
 */
export class OrganizationConformancePack extends Construct {
  readonly pack: ConfigOrganizationConformancePack;
  readonly templateBody: string;

  constructor(scope: Construct, id: string, props: OrganizationConformancePackProps) {
    super(scope, id);
    this.templateBody = conformancePackTemplate(props.namePrefix, props.includeAccountRules ?? true);
    const size = Buffer.byteLength(this.templateBody);
    if (size > CONFORMANCE_PACK_TEMPLATE_LIMIT) {
      throw new Error(
        `conformance pack template is ${size} bytes; AWS Config allows ${CONFORMANCE_PACK_TEMPLATE_LIMIT}`,
      );
    }
    this.pack = new ConfigOrganizationConformancePack(this, "pack", {
      provider: props.provider,
      name: props.packName,
      templateBody: this.templateBody,
      excludedAccounts: props.excludedAccounts?.length ? [...props.excludedAccounts] : undefined,
    });
  }
}

export interface ConfigRecorderProps {
  /**
   * The account the recorder is in.
   * @default the enclosing scope's account (see `setEnvironment`; `AccountStack` sets it)
   */
  readonly accountId?: string;
  /** Name of its IAM role; one per region, as IAM names are per account. */
  readonly roleName: string;
  /** The bucket (in the log-archive account) Config delivers configuration history to. */
  readonly deliveryBucketName: string;
  /**
   * Name of the recorder and of the delivery channel. An account and region holds
   * one of each: an existing recorder makes this construct fail to apply.
   * @default "default"
   */
  readonly name?: string;
}

/**
 * A configuration recorder for the resource types the conformance pack evaluates,
 * with its role, a delivery channel to the organization's configuration-history
 * bucket, and recording turned on. For accounts that do not record already (Control
 * Tower's accounts do).
 *
 * @example
 * new ConfigRecorder(this, "config-recorder", {
 *   accountId: "444444444444",
 *   roleName: "example-config-recorder-eu-west-1",
 *   deliveryBucketName: "example-config-history-222222222222",
 * });
 */
export class ConfigRecorder extends Construct {
  readonly role: IamRole;
  readonly recorder: ConfigConfigurationRecorder;
  readonly deliveryChannel: ConfigDeliveryChannel;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const accountId = accountOf(this, props.accountId);
    const name = props.name ?? "default";
    const bucketArn = `arn:aws:s3:::${props.deliveryBucketName}`;
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Lets AWS Config record S3 and CloudTrail configuration and deliver it to the log archive",
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
      ]),
    });
    new IamRolePolicyAttachment(this, "managed-policy", {
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
    });
    const delivery: PolicyStatement[] = [
      { Sid: "CheckBucket", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn },
      {
        Sid: "DeliverOwnHistory",
        Effect: "Allow",
        // Config sets the bucket-owner-full-control ACL on what it delivers across accounts.
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ];
    const policy = new IamRolePolicy(this, "delivery-policy", {
      role: this.role.id,
      name: "deliver-configuration-history",
      policy: policyDocument(delivery),
    });
    this.recorder = new ConfigConfigurationRecorder(this, "recorder", {
      name,
      roleArn: this.role.arn,
      recordingGroup: {
        allSupported: false,
        includeGlobalResourceTypes: false,
        resourceTypes: [...RECORDED_RESOURCE_TYPES],
        recordingStrategy: [{ useOnly: "INCLUSION_BY_RESOURCE_TYPES" }],
      },
    });
    // Config checks the bucket with the role when the channel is created.
    this.deliveryChannel = new ConfigDeliveryChannel(this, "delivery-channel", {
      name,
      s3BucketName: props.deliveryBucketName,
      dependsOn: [this.recorder, policy],
    });
    new ConfigConfigurationRecorderStatus(this, "status", {
      name: this.recorder.name,
      isEnabled: true,
      dependsOn: [this.deliveryChannel],
    });
  }
}
