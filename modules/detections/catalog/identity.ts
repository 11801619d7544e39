import { SUCCEEDED, SUCCEEDED_OR_DENIED, allOf, anyOf, eventNameFilter, filter } from "../patterns";
import { cloudTrailRecord, principals, denied } from "../samples";
import type { CloudTrailRecord, Detection } from "../types";

/**
 * Persistence and escalation through identities: credentials made for another
 * user, trust policies opened to accounts, admin policies attached, identity
 * providers changed, root at the console, regions enabled.
 */

const iam = (
  eventName: string,
  requestParameters: Record<string, unknown> | null = null,
  fields: Partial<CloudTrailRecord> = {},
) =>
  cloudTrailRecord({
    eventSource: "iam.amazonaws.com",
    eventName,
    requestParameters,
    awsRegion: "us-east-1",
    ...fields,
  });
const trust = (principal: Record<string, unknown>) =>
  JSON.stringify(
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] },
    null,
    2,
  );

const PROVIDER_EVENTS = [
  "CreateSAMLProvider",
  "UpdateSAMLProvider",
  "DeleteSAMLProvider",
  "CreateOpenIDConnectProvider",
  "DeleteOpenIDConnectProvider",
  "UpdateOpenIDConnectProviderThumbprint",
  "AddClientIDToOpenIDConnectProvider",
];
const ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";
/** Not made by IAM Identity Center, which provisions its own roles and SAML provider. */
const NOT_IDENTITY_CENTER = anyOf(
  "($.userIdentity.invokedBy NOT EXISTS)",
  '($.userIdentity.invokedBy != "sso.amazonaws.com")',
);
const identityCenter = { userIdentity: { ...principals.assumedRole, invokedBy: "sso.amazonaws.com" } };

export const IDENTITY_DETECTIONS: readonly Detection[] = [
  {
    id: "iam-credentials-for-another-user",
    title: "Credentials created for a named IAM user",
    catches:
      "An access key created for a named user, or a console password set for a user without forcing a reset: a backdoor into an existing identity.",
    severity: "high",
    eventNames: ["CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile"],
    // A user making its own key names nobody (requestParameters is null); an admin
    // creating console access that must be changed at first sign-in is routine.
    filterPattern: filter(
      '($.eventSource = "iam.amazonaws.com")',
      SUCCEEDED,
      anyOf(
        allOf('($.eventName = "CreateAccessKey")', '($.requestParameters.userName = "*")'),
        allOf(
          anyOf('($.eventName = "CreateLoginProfile")', '($.eventName = "UpdateLoginProfile")'),
          anyOf(
            "($.requestParameters.passwordResetRequired NOT EXISTS)",
            "($.requestParameters.passwordResetRequired IS FALSE)",
          ),
        ),
      ),
    ),
    runbook: {
      meaning:
        "Someone gave an existing user new credentials: long-lived access that survives the session that created it.",
      contain: [
        "Deactivate the new key (iam update-access-key --status Inactive) or delete the login profile unless the user's owner asked for it.",
      ],
      recover: ["Review what the key or the console session did since; rotate anything it could read."],
    },
    samples: {
      positive: [
        iam("CreateAccessKey", { userName: "stratus-backdoor-user" }, { userIdentity: principals.iamUser }),
        iam("CreateLoginProfile", { userName: "deploy-bot", passwordResetRequired: false }),
        iam("UpdateLoginProfile", { userName: "alice" }),
      ],
      negative: [
        // A user creating its own key.
        iam("CreateAccessKey", null, { userIdentity: principals.iamUser }),
        iam("CreateLoginProfile", { userName: "new-hire", passwordResetRequired: true }),
        iam("CreateAccessKey", { userName: "x" }, denied),
        iam("ListAccessKeys", { userName: "x" }, { readOnly: true }),
      ],
    },
  },
  {
    id: "iam-role-trust-opened",
    title: "Role trust policy opened to accounts or federation",
    catches:
      'A role\'s trust policy rewritten to admit AWS principals (accounts, roles, "*") or federated users; service-only trust changes are left out.',
    severity: "high",
    eventNames: ["UpdateAssumeRolePolicy"],
    // The document is a JSON string: "AWS" appears in it only as a principal type.
    filterPattern: filter(
      '($.eventSource = "iam.amazonaws.com")',
      '($.eventName = "UpdateAssumeRolePolicy")',
      SUCCEEDED,
      NOT_IDENTITY_CENTER,
      anyOf('($.requestParameters.policyDocument = "*AWS*")', '($.requestParameters.policyDocument = "*Federated*")'),
    ),
    runbook: {
      meaning:
        "Whoever the new trust admits can assume the role, and keep doing so: a backdoor with the role's permissions.",
      contain: ["Restore the role's trust policy from its stack (re-apply) or remove the added principal."],
      recover: [
        "Review AssumeRole calls on the role since the change (eventName = AssumeRole, requestParameters.roleArn).",
      ],
    },
    samples: {
      positive: [
        iam("UpdateAssumeRolePolicy", {
          roleName: "app-role",
          policyDocument: trust({ AWS: "arn:aws:iam::193672423079:root" }),
        }),
        iam("UpdateAssumeRolePolicy", { roleName: "app-role", policyDocument: trust({ AWS: "*" }) }),
        iam("UpdateAssumeRolePolicy", {
          roleName: "ci",
          policyDocument: trust({
            Federated: "arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com",
          }),
        }),
      ],
      negative: [
        iam("UpdateAssumeRolePolicy", {
          roleName: "lambda-role",
          policyDocument: trust({ Service: "lambda.amazonaws.com" }),
        }),
        iam(
          "UpdateAssumeRolePolicy",
          { roleName: "x", policyDocument: trust({ AWS: "*" }) },
          { errorCode: "NoSuchEntityException", errorMessage: "The role with name x cannot be found." },
        ),
        iam("GetRole", { roleName: "app-role" }, { readOnly: true }),
      ],
    },
  },
  {
    id: "iam-role-created-trusting-accounts",
    title: "Role created that other accounts can assume",
    catches: 'A role created whose trust policy admits AWS principals (accounts, roles, "*").',
    severity: "medium",
    eventNames: ["CreateRole"],
    filterPattern: filter(
      '($.eventSource = "iam.amazonaws.com")',
      '($.eventName = "CreateRole")',
      SUCCEEDED,
      NOT_IDENTITY_CENTER,
      '($.requestParameters.assumeRolePolicyDocument = "*AWS*")',
    ),
    runbook: {
      meaning:
        "A new entry point for another account. Routine for cross-account automation; a backdoor when nobody planned it.",
      contain: ["Check the trusted principal belongs to the organization; delete the role if nobody owns it."],
      recover: ["Review AssumeRole calls on the role since it was created."],
    },
    samples: {
      positive: [
        iam("CreateRole", {
          roleName: "stratus-red-team-malicious-iam-role",
          assumeRolePolicyDocument: trust({ AWS: "arn:aws:iam::193672423079:root" }),
          permissionsBoundary: "arn:aws:iam::aws:policy/AWSDenyAll",
        }),
      ],
      negative: [
        iam("CreateRole", { roleName: "fn", assumeRolePolicyDocument: trust({ Service: "lambda.amazonaws.com" }) }),
        iam(
          "CreateRole",
          {
            roleName: "AWSReservedSSO_ReadOnly_0123456789abcdef",
            assumeRolePolicyDocument: trust({
              Federated: "arn:aws:iam::444444444444:saml-provider/AWSSSO_abdf34fd171b4a7e_DO_NOT_DELETE",
            }),
          },
          identityCenter,
        ),
        iam("CreateRole", { roleName: "x", assumeRolePolicyDocument: trust({ AWS: "*" }) }, denied),
      ],
    },
  },
  {
    id: "iam-admin-policy-attached",
    title: "AdministratorAccess attached",
    catches: "The AdministratorAccess managed policy attached to a user, role or group.",
    severity: "high",
    eventNames: ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"],
    filterPattern: eventNameFilter(["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"], "iam.amazonaws.com", [
      SUCCEEDED,
      `($.requestParameters.policyArn = "${ADMIN_POLICY}")`,
    ]),
    runbook: {
      meaning:
        "Full control of the account granted to an identity: the usual second step after creating a user or role.",
      contain: [
        "Detach the policy unless the change was planned; check the identity was not just created (CreateUser, CreateRole).",
      ],
      recover: ["Review the identity's activity since the attachment."],
    },
    samples: {
      positive: [
        iam("AttachUserPolicy", { userName: "malicious-iam-user", policyArn: ADMIN_POLICY }),
        iam("AttachRolePolicy", { roleName: "stratus-red-team-malicious-iam-role", policyArn: ADMIN_POLICY }),
      ],
      negative: [
        iam("AttachRolePolicy", {
          roleName: "fn",
          policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        }),
        iam("AttachUserPolicy", { userName: "x", policyArn: ADMIN_POLICY }, denied),
      ],
    },
  },
  {
    id: "iam-policy-version-default-set",
    title: "Managed policy rolled to another version",
    catches:
      "A customer managed policy's default version changed (SetDefaultPolicyVersion): an old, broader version can be brought back.",
    severity: "high",
    eventNames: ["SetDefaultPolicyVersion"],
    filterPattern: eventNameFilter(["SetDefaultPolicyVersion"], "iam.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "Every identity with the policy gets that version's permissions at once; rolling back to a forgotten broad version is an escalation.",
      contain: ["Compare the versions (iam get-policy-version) and set the intended default back."],
      recover: ["Delete versions nobody needs so they cannot be brought back."],
    },
    samples: {
      positive: [
        iam("SetDefaultPolicyVersion", { policyArn: "arn:aws:iam::444444444444:policy/app", versionId: "v1" }),
      ],
      negative: [
        iam("CreatePolicyVersion", { policyArn: "arn:aws:iam::444444444444:policy/app", setAsDefault: true }),
        iam(
          "SetDefaultPolicyVersion",
          { policyArn: "x", versionId: "v9" },
          { errorCode: "NoSuchEntityException", errorMessage: "Policy version v9 does not exist." },
        ),
      ],
    },
  },
  {
    id: "iam-user-added-to-privileged-group",
    title: "User added to a privileged group",
    catches: "A user added to a group whose name says admin or power user.",
    severity: "high",
    eventNames: ["AddUserToGroup"],
    filterPattern: filter(
      '($.eventSource = "iam.amazonaws.com")',
      '($.eventName = "AddUserToGroup")',
      SUCCEEDED,
      anyOf(...["*dmin*", "*DMIN*", "*Power*", "*power*"].map((g) => `($.requestParameters.groupName = "${g}")`)),
    ),
    runbook: {
      meaning: "The user gets the group's permissions: an escalation that no policy change shows.",
      contain: ["Remove the user from the group unless the change was planned."],
      recover: ["Review the user's activity since."],
    },
    samples: {
      positive: [
        iam("AddUserToGroup", { groupName: "Admins", userName: "bob" }),
        iam("AddUserToGroup", { groupName: "platform-admin", userName: "bob" }),
      ],
      negative: [
        iam("AddUserToGroup", { groupName: "ReadOnly", userName: "bob" }),
        iam("AddUserToGroup", { groupName: "Admins", userName: "bob" }, denied),
      ],
    },
  },
  {
    id: "identity-provider-changed",
    title: "SAML or OIDC identity provider changed",
    catches: "A SAML or OpenID Connect provider created, updated or deleted, or an OIDC client or thumbprint added.",
    severity: "high",
    eventNames: PROVIDER_EVENTS,
    // IAM Identity Center manages its own SAML provider (invokedBy sso.amazonaws.com).
    filterPattern: eventNameFilter(PROVIDER_EVENTS, "iam.amazonaws.com", [SUCCEEDED, NOT_IDENTITY_CENTER]),
    runbook: {
      meaning:
        "Whoever controls the provider signs in as any role that trusts it: federation is the widest door into an account.",
      contain: ["Compare the provider's metadata or thumbprints with the identity team's; revert unknown changes."],
      recover: ["Review AssumeRoleWithSAML and AssumeRoleWithWebIdentity calls since the change."],
    },
    samples: {
      positive: [
        iam("UpdateSAMLProvider", { sAMLProviderArn: "arn:aws:iam::444444444444:saml-provider/Okta" }),
        iam("CreateOpenIDConnectProvider", {
          url: "https://token.actions.githubusercontent.com",
          clientIDList: ["sts.amazonaws.com"],
        }),
        iam("DeleteSAMLProvider", { sAMLProviderArn: "arn:aws:iam::444444444444:saml-provider/Okta" }),
      ],
      negative: [
        iam("ListSAMLProviders", null, { readOnly: true }),
        iam(
          "CreateSAMLProvider",
          { name: "AWSSSO_abdf34fd171b4a7e_DO_NOT_DELETE", sAMLMetadataDocument: "<xml/>" },
          identityCenter,
        ),
        iam(
          "DeleteSAMLProvider",
          { sAMLProviderArn: "x" },
          { errorCode: "NoSuchEntityException", errorMessage: "Manifest not found" },
        ),
      ],
    },
  },
  {
    id: "sts-federation-token-issued",
    title: "Federation token issued to an IAM user",
    catches:
      "GetFederationToken called: long-lived user keys turned into sessions that survive the keys' deactivation.",
    severity: "medium",
    eventNames: ["GetFederationToken"],
    filterPattern: eventNameFilter(["GetFederationToken"], "sts.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "A federated session lasts up to 36 hours and outlives the access key that made it: deactivating the key does not end it.",
      contain: [
        "Deny the federated user (an inline Deny on the issuing user with aws:TokenIssueTime) and rotate the user's keys.",
      ],
      recover: ["Review activity by userIdentity.type = FederatedUser since."],
    },
    samples: {
      positive: [
        cloudTrailRecord({
          eventSource: "sts.amazonaws.com",
          eventName: "GetFederationToken",
          userIdentity: principals.iamUser,
          requestParameters: {
            name: "stratus_red_team",
            policy: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
          },
        }),
      ],
      negative: [
        cloudTrailRecord({ eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity", readOnly: true }),
        cloudTrailRecord({ eventSource: "sts.amazonaws.com", eventName: "GetFederationToken", ...denied }),
      ],
    },
  },
  {
    id: "root-console-activity",
    title: "Root user acting in the console",
    catches:
      "Calls by the root user through the console (invokedBy signin.amazonaws.com), which cis-4.3's filter, written for direct calls, leaves out.",
    severity: "critical",
    eventNames: [],
    insightsFilter: 'userIdentity.type = "Root" and userIdentity.invokedBy = "signin.amazonaws.com"',
    filterPattern: filter(
      '($.userIdentity.type = "Root")',
      '($.userIdentity.invokedBy = "signin.amazonaws.com")',
      '($.eventType != "AwsServiceEvent")',
    ),
    runbook: {
      meaning: "Someone is signed in as root: nothing limits it, and almost nothing should need it.",
      contain: [
        "Confirm with the account owner at once; if unexplained, reset the root password and MFA through the account's recovery.",
      ],
      recover: ["Review every root call of the session (userIdentity.type = Root) and undo what nobody asked for."],
    },
    samples: {
      positive: [
        cloudTrailRecord({
          eventSource: "iam.amazonaws.com",
          eventName: "CreateAccessKey",
          userIdentity: { ...principals.root, invokedBy: "signin.amazonaws.com" },
          awsRegion: "us-east-1",
        }),
        cloudTrailRecord({
          eventSource: "s3.amazonaws.com",
          eventName: "DeleteBucketPolicy",
          userIdentity: { ...principals.root, invokedBy: "signin.amazonaws.com" },
          requestParameters: { bucketName: "example-payments-prod-data" },
        }),
      ],
      negative: [
        cloudTrailRecord({
          eventSource: "iam.amazonaws.com",
          eventName: "GetAccountSummary",
          userIdentity: principals.rootByService,
          readOnly: true,
        }),
        cloudTrailRecord({
          eventSource: "s3.amazonaws.com",
          eventName: "PutBucketPolicy",
          userIdentity: principals.assumedRole,
        }),
      ],
    },
  },
  {
    id: "region-enabled",
    title: "AWS Region enabled",
    catches: "An opt-in Region enabled for an account, refused attempts included: a place nobody watches.",
    severity: "high",
    eventNames: ["EnableRegion"],
    filterPattern: eventNameFilter(["EnableRegion"], "account.amazonaws.com", [SUCCEEDED_OR_DENIED]),
    runbook: {
      meaning:
        "A newly enabled Region has no baseline, no forwarding rule and no alarms of this project until it is added to the configuration.",
      contain: [
        "Disable the Region (account disable-region) unless it was planned; if planned, add it to regions in the configuration and deploy.",
      ],
      recover: ["Review what ran in the Region since it was enabled."],
    },
    samples: {
      positive: [
        cloudTrailRecord({
          eventSource: "account.amazonaws.com",
          eventName: "EnableRegion",
          requestParameters: { RegionName: "af-south-1" },
          awsRegion: "us-east-1",
        }),
      ],
      negative: [
        cloudTrailRecord({ eventSource: "account.amazonaws.com", eventName: "ListRegions", readOnly: true }),
        cloudTrailRecord({
          eventSource: "account.amazonaws.com",
          eventName: "DisableRegion",
          requestParameters: { RegionName: "af-south-1" },
        }),
      ],
    },
  },
];
