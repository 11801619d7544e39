/**
 * IAM policy documents as typed data. Policies are rendered with JSON.stringify:
 * cdktf tokens inside the strings become Terraform interpolations.
 */
export type Principal =
  | "*"
  | { readonly AWS?: string | string[]; readonly Service?: string | string[]; readonly Federated?: string | string[] };

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal;
  readonly Action: string | string[];
  /** Omitted in trust policies. */
  readonly Resource?: string | string[];
  /** Everything but these (instead of Resource), for Deny statements that fence a prefix. */
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * An IAM policy variable, such as `aws:PrincipalAccount`, as it must be written in
 * Terraform: `$${...}`, since Terraform reads `${...}` in any string as its own
 * interpolation. AWS receives `${aws:PrincipalAccount}`.
 */
export function policyVariable(key: string): string {
  return `$\${${key}}`;
}

/** The account's root principal: delegates to the account's IAM policies. */
export function accountRoot(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/**
 * Key-administration actions for a key's own account. Deliberately excludes the
 * cryptographic actions (Decrypt, Encrypt, ReEncrypt*, GenerateDataKey*) and
 * CreateGrant (a grant can hand out Decrypt regardless of the key policy), so that
 * who may read data under the key is decided in the key policy alone.
 */
export const KMS_ADMIN_ACTIONS = [
  "kms:CreateAlias",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

export function kmsAdministration(accountId: string): PolicyStatement {
  return {
    Sid: "KeyAdministrationByOwningAccount",
    Effect: "Allow",
    Principal: { AWS: accountRoot(accountId) },
    Action: KMS_ADMIN_ACTIONS,
    Resource: "*",
  };
}

/**
 * Lets services use a key for the account's resources (Lambda for environment
 * variables, DynamoDB for tables): they encrypt and create grants through the key,
 * only when acting for this account.
 */
export function kmsUseThroughServices(accountId: string, services: string[]): PolicyStatement[] {
  return [
    {
      Sid: "ServicesEncryptForThisAccount",
      Effect: "Allow",
      Principal: { AWS: accountRoot(accountId) },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": services, "kms:CallerAccount": accountId } },
    },
    {
      Sid: "ServicesCreateGrantsForTheirResources",
      Effect: "Allow",
      Principal: { AWS: accountRoot(accountId) },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": services, "kms:CallerAccount": accountId },
        Bool: { "kms:GrantIsForAWSResource": true },
      },
    },
  ];
}

/** Lets CloudWatch Logs in `region` use a key for the named log groups only. */
export function kmsForLogGroups(region: string, accountId: string, logGroupNames: string[]): PolicyStatement {
  return {
    Sid: "CloudWatchLogsForTheseLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnEquals: {
        "kms:EncryptionContext:aws:logs:arn": logGroupNames.map(
          (g) => `arn:aws:logs:${region}:${accountId}:log-group:${g}`,
        ),
      },
    },
  };
}
