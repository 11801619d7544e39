import { SUCCEEDED, eventNameFilter } from "../patterns";
import { cloudTrailRecord, principals, s3Call, s3Read } from "../samples";
import type { Detection } from "../types";

const ec2 = (eventName: string, fields = {}) =>
  cloudTrailRecord({ eventSource: "ec2.amazonaws.com", eventName, ...fields });
const consoleLogin = (result: "Success" | "Failure", mfa: "Yes" | "No", fields = {}) =>
  cloudTrailRecord({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    userIdentity: principals.iamUser,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0",
    requestParameters: null,
    responseElements: { ConsoleLogin: result },
    additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: mfa },
    ...(result === "Failure" ? { errorMessage: "Failed authentication" } : {}),
    ...fields,
  });

const IAM_POLICY_EVENTS = [
  "DeleteGroupPolicy",
  "DeleteRolePolicy",
  "DeleteUserPolicy",
  "PutGroupPolicy",
  "PutRolePolicy",
  "PutUserPolicy",
  "CreatePolicy",
  "DeletePolicy",
  "CreatePolicyVersion",
  "DeletePolicyVersion",
  "AttachRolePolicy",
  "DetachRolePolicy",
  "AttachUserPolicy",
  "DetachUserPolicy",
  "AttachGroupPolicy",
  "DetachGroupPolicy",
];
const TRAIL_EVENTS = ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"];
const KMS_EVENTS = ["DisableKey", "ScheduleKeyDeletion"];
const BUCKET_POLICY_EVENTS = [
  "PutBucketAcl",
  "PutBucketPolicy",
  "PutBucketCors",
  "PutBucketLifecycle",
  "PutBucketReplication",
  "DeleteBucketPolicy",
  "DeleteBucketCors",
  "DeleteBucketLifecycle",
  "DeleteBucketReplication",
];
const CONFIG_EVENTS = [
  "StopConfigurationRecorder",
  "DeleteDeliveryChannel",
  "PutDeliveryChannel",
  "PutConfigurationRecorder",
];
const SG_EVENTS = [
  "AuthorizeSecurityGroupIngress",
  "AuthorizeSecurityGroupEgress",
  "RevokeSecurityGroupIngress",
  "RevokeSecurityGroupEgress",
  "CreateSecurityGroup",
  "DeleteSecurityGroup",
  "ModifySecurityGroupRules",
];
const NACL_EVENTS = [
  "CreateNetworkAcl",
  "CreateNetworkAclEntry",
  "DeleteNetworkAcl",
  "DeleteNetworkAclEntry",
  "ReplaceNetworkAclEntry",
  "ReplaceNetworkAclAssociation",
];
const GATEWAY_EVENTS = [
  "CreateCustomerGateway",
  "DeleteCustomerGateway",
  "AttachInternetGateway",
  "CreateInternetGateway",
  "DeleteInternetGateway",
  "DetachInternetGateway",
];
const ROUTE_EVENTS = [
  "CreateRoute",
  "CreateRouteTable",
  "ReplaceRoute",
  "ReplaceRouteTableAssociation",
  "DeleteRouteTable",
  "DeleteRoute",
  "DisassociateRouteTable",
];
const VPC_EVENTS = [
  "CreateVpc",
  "DeleteVpc",
  "ModifyVpcAttribute",
  "AcceptVpcPeeringConnection",
  "CreateVpcPeeringConnection",
  "DeleteVpcPeeringConnection",
  "RejectVpcPeeringConnection",
  "AttachClassicLinkVpc",
  "DetachClassicLinkVpc",
  "DisableVpcClassicLink",
  "EnableVpcClassicLink",
];
const ORGANIZATIONS_EVENTS = [
  "AcceptHandshake",
  "AttachPolicy",
  "CreateAccount",
  "CreateOrganizationalUnit",
  "CreatePolicy",
  "DeclineHandshake",
  "DeleteOrganization",
  "DeleteOrganizationalUnit",
  "DeletePolicy",
  "DetachPolicy",
  "DisablePolicyType",
  "EnablePolicyType",
  "InviteAccountToOrganization",
  "LeaveOrganization",
  "MoveAccount",
  "RemoveAccountFromOrganization",
  "UpdatePolicy",
  "UpdateOrganizationalUnit",
  "CancelHandshake",
  "CreateOrganization",
  "EnableAllFeatures",
];

/** CIS AWS Foundations Benchmark v5, section 4 (monitoring), controls 4.1 to 4.15. */
export const CIS_DETECTIONS: readonly Detection[] = [
  {
    id: "cis-4.1-unauthorized-api-calls",
    cis: "4.1",
    title: "Unauthorized API calls",
    catches:
      "API calls refused with UnauthorizedOperation or AccessDenied, except S3 HeadBucket probes and AWS log delivery.",
    severity: "medium",
    eventNames: [],
    insightsFilter:
      'errorCode like /UnauthorizedOperation|AccessDenied/ and sourceIPAddress != "delivery.logs.amazonaws.com" and eventName != "HeadBucket"',
    // Fully parenthesized: without the outer parentheses around the two error codes,
    // && binds tighter and UnauthorizedOperation errors would bypass both exclusions.
    filterPattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    threshold: 10,
    runbook: {
      meaning:
        "Someone or something is calling APIs it has no permission for: a misconfigured workload, a probe with stolen credentials, or privilege discovery.",
      contain: [
        "Group the refusals by userIdentity.arn and sourceIPAddress; one principal with many distinct eventNames is discovery, one eventName repeated is usually a broken workload.",
        "For credentials used from an unexpected network, deactivate the access key or revoke the role's sessions (IAM > Roles > Revoke active sessions).",
      ],
      recover: [
        "Fix or remove the workload's missing permission, or rotate the credentials that leaked.",
        "Review what the same principal was allowed to do in the same period.",
      ],
    },
    samples: {
      positive: [
        ec2("RunInstances", {
          errorCode: "Client.UnauthorizedOperation",
          errorMessage: "You are not authorized to perform this operation.",
        }),
        s3Call("PutBucketPolicy", {}, { errorCode: "AccessDenied", errorMessage: "Access Denied" }),
        ec2("DescribeInstances", { errorCode: "Client.UnauthorizedOperation", readOnly: true }),
      ],
      negative: [
        s3Call("HeadBucket", {}, { errorCode: "AccessDenied", readOnly: true }),
        s3Call(
          "PutObject",
          {},
          {
            errorCode: "AccessDenied",
            sourceIPAddress: "delivery.logs.amazonaws.com",
            userIdentity: principals.awsService,
            eventCategory: "Data",
            managementEvent: false,
          },
        ),
        // Caught only because the two error codes are parenthesized together.
        ec2("DescribeFlowLogs", {
          errorCode: "Client.UnauthorizedOperation",
          sourceIPAddress: "delivery.logs.amazonaws.com",
          userIdentity: principals.awsService,
          readOnly: true,
        }),
        ec2("RunInstances"),
      ],
    },
  },
  {
    id: "cis-4.2-console-signin-without-mfa",
    cis: "4.2",
    title: "Console sign-in without MFA",
    catches: "Successful AWS Management Console sign-ins by IAM users without multi-factor authentication.",
    severity: "high",
    eventNames: ["ConsoleLogin"],
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") && ($.additionalEventData.SamlProviderArn NOT EXISTS) }',
    runbook: {
      meaning:
        "An IAM user signed in to the console with a password alone; a leaked password is then enough to take over the account.",
      contain: [
        "Confirm with the user that they signed in; if not, disable the console password and deactivate their access keys.",
      ],
      recover: [
        "Require MFA for the user (an IAM policy that denies everything without aws:MultiFactorAuthPresent), or move them to IAM Identity Center.",
      ],
    },
    samples: {
      positive: [consoleLogin("Success", "No")],
      negative: [
        consoleLogin("Success", "No", {
          additionalEventData: {
            LoginTo: "https://console.aws.amazon.com/console/home",
            MobileVersion: "No",
            MFAUsed: "No",
            SamlProviderArn: "arn:aws:iam::444444444444:saml-provider/Okta",
          },
        }),
        consoleLogin("Success", "Yes"),
        consoleLogin("Failure", "No"),
        consoleLogin("Success", "No", {
          userIdentity: { ...principals.assumedRole, type: "AssumedRole" },
          additionalEventData: { MFAUsed: "No", LoginTo: "https://console.aws.amazon.com/" },
        }),
      ],
    },
  },
  {
    id: "cis-4.3-root-account-usage",
    cis: "4.3",
    title: "Root user activity",
    catches: "Any call made as the root user, except by AWS services acting for the account.",
    severity: "critical",
    eventNames: [],
    insightsFilter:
      'userIdentity.type = "Root" and not ispresent(userIdentity.invokedBy) and eventType != "AwsServiceEvent"',
    filterPattern:
      '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") && ($.eventName != "CreateServiceLinkedRole") }',
    runbook: {
      meaning:
        "The root user can do anything, including closing the account and changing its contact details; it should never be used day to day.",
      contain: [
        "If nobody with the root credentials can account for the call: reset the root password, remove its access keys, re-register its MFA device, and check the account's contact e-mail.",
      ],
      recover: [
        "Undo what the root user changed (see the eventNames in the query) and record who holds the root credentials.",
      ],
    },
    samples: {
      positive: [
        consoleLogin("Success", "Yes", { userIdentity: principals.root }),
        s3Call("DeleteBucketPolicy", {}, { userIdentity: principals.root }),
      ],
      negative: [
        cloudTrailRecord({
          eventSource: "iam.amazonaws.com",
          eventName: "CreateServiceLinkedRole",
          userIdentity: principals.root,
        }),
        s3Call("GetBucketAcl", {}, { userIdentity: principals.rootByService, readOnly: true }),
        cloudTrailRecord({
          eventSource: "sts.amazonaws.com",
          eventName: "AssumeRole",
          userIdentity: principals.root,
          eventType: "AwsServiceEvent",
        }),
        s3Call("DeleteBucketPolicy"),
      ],
    },
  },
  {
    id: "cis-4.4-iam-policy-changes",
    cis: "4.4",
    title: "IAM policy changes",
    catches: "Creating, changing, attaching or detaching IAM policies.",
    severity: "medium",
    eventNames: IAM_POLICY_EVENTS,
    filterPattern: eventNameFilter(IAM_POLICY_EVENTS, undefined, [SUCCEEDED]),
    runbook: {
      meaning: "Permissions changed; an unexpected change can grant an attacker persistence or escalate privileges.",
      contain: ["Review the policy document in requestParameters; detach or delete it if nobody owns the change."],
      recover: [
        "Restore the previous policy version (IAM keeps up to five versions) or re-apply it from source control.",
      ],
    },
    samples: {
      positive: [
        cloudTrailRecord({
          eventSource: "iam.amazonaws.com",
          eventName: "AttachRolePolicy",
          requestParameters: { roleName: "app", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        }),
        cloudTrailRecord({ eventSource: "iam.amazonaws.com", eventName: "PutUserPolicy" }),
      ],
      negative: [
        cloudTrailRecord({
          eventSource: "iam.amazonaws.com",
          eventName: "DeleteGroupPolicy",
          errorCode: "NoSuchEntity",
          errorMessage: "The group policy with name x cannot be found.",
        }),
        cloudTrailRecord({ eventSource: "iam.amazonaws.com", eventName: "GetPolicyVersion", readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.5-cloudtrail-configuration-changes",
    cis: "4.5",
    title: "CloudTrail configuration changes",
    catches: "Creating, changing, stopping or deleting trails.",
    severity: "medium",
    eventNames: TRAIL_EVENTS,
    filterPattern: eventNameFilter(TRAIL_EVENTS, undefined, [SUCCEEDED]),
    runbook: {
      meaning: "The audit trail itself changed; stopping or narrowing it hides everything that follows.",
      contain: [
        "If the trail was stopped or its selectors narrowed without a change ticket, restart logging and re-apply the stack (cdktf deploy org-trail).",
      ],
      recover: ["Look for the gap: compare the archive's AWSLogs/<org-id>/ prefixes before and after the change time."],
    },
    samples: {
      positive: TRAIL_EVENTS.slice(3).map((e) =>
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: e }),
      ),
      negative: [
        cloudTrailRecord({
          eventSource: "cloudtrail.amazonaws.com",
          eventName: "CreateTrail",
          errorCode: "CloudTrailInvalidClientTokenIdException",
          errorMessage: "The security token included in the request is invalid.",
        }),
        cloudTrailRecord({ eventSource: "cloudtrail.amazonaws.com", eventName: "DescribeTrails", readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.6-console-authentication-failures",
    cis: "4.6",
    title: "Console authentication failures",
    catches: "Failed console sign-ins.",
    severity: "medium",
    eventNames: ["ConsoleLogin"],
    filterPattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }',
    threshold: 3,
    runbook: {
      meaning: "Repeated failed sign-ins suggest password guessing against an IAM user.",
      contain: [
        "Check the sourceIPAddress of the failures; if it is not your users', rotate the targeted user's password and enforce MFA.",
      ],
      recover: ["Nothing changed if no sign-in succeeded; confirm with cis-4.2 and cis-4.3 that none did."],
    },
    samples: {
      positive: [consoleLogin("Failure", "No")],
      negative: [consoleLogin("Success", "Yes")],
    },
  },
  {
    id: "cis-4.7-cmk-disabled-or-scheduled-deletion",
    cis: "4.7",
    title: "Customer managed key disabled or scheduled for deletion",
    catches: "Disabling a KMS key or scheduling its deletion.",
    severity: "high",
    eventNames: KMS_EVENTS,
    filterPattern: eventNameFilter(KMS_EVENTS, "kms.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "Data encrypted under the key becomes unreadable when it is disabled, and unrecoverable once it is deleted.",
      contain: [
        "Cancel the deletion (kms cancel-key-deletion) or re-enable the key (kms enable-key) while you find the owner.",
      ],
      recover: [
        "Keys in this baseline carry prevent_destroy; a deletion outside Terraform means someone bypassed it. Review the caller's permissions.",
      ],
    },
    samples: {
      positive: KMS_EVENTS.map((e) => cloudTrailRecord({ eventSource: "kms.amazonaws.com", eventName: e })),
      negative: [
        cloudTrailRecord({
          eventSource: "kms.amazonaws.com",
          eventName: "DisableKey",
          errorCode: "NotFoundException",
          errorMessage: "Key does not exist",
        }),
        cloudTrailRecord({ eventSource: "kms.amazonaws.com", eventName: "Decrypt", readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.8-s3-bucket-policy-changes",
    cis: "4.8",
    title: "S3 bucket policy changes",
    catches: "Changes to bucket ACLs, policies, CORS, lifecycle and replication.",
    severity: "medium",
    eventNames: BUCKET_POLICY_EVENTS,
    filterPattern: eventNameFilter(BUCKET_POLICY_EVENTS, "s3.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning: "Who may reach a bucket, or where its data goes, changed.",
      contain: [
        "Read the new policy in requestParameters; if it grants access outside the organization, delete it (s3api delete-bucket-policy) and re-apply the baseline.",
      ],
      recover: [
        "Re-apply the bucket's intended policy from source control, then check the bucket's access logs for reads in between.",
      ],
    },
    samples: {
      positive: [s3Call("PutBucketPolicy"), s3Call("DeleteBucketReplication")],
      negative: [
        s3Read("GetBucketPolicy"),
        cloudTrailRecord({ eventSource: "iam.amazonaws.com", eventName: "PutBucketPolicy" }),
      ],
    },
  },
  {
    id: "cis-4.9-config-changes",
    cis: "4.9",
    title: "AWS Config configuration changes",
    catches: "Stopping the configuration recorder or changing its delivery.",
    severity: "medium",
    eventNames: CONFIG_EVENTS,
    filterPattern: eventNameFilter(CONFIG_EVENTS, "config.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning: "AWS Config stops or changes recording the inventory and compliance history.",
      contain: ["Restart the recorder (configservice start-configuration-recorder) if it was stopped without a plan."],
      recover: ["Re-apply the Config setup from source control."],
    },
    samples: {
      positive: [cloudTrailRecord({ eventSource: "config.amazonaws.com", eventName: "StopConfigurationRecorder" })],
      negative: [
        cloudTrailRecord({
          eventSource: "config.amazonaws.com",
          eventName: "DeleteDeliveryChannel",
          errorCode: "NoSuchDeliveryChannelException",
          errorMessage: "Cannot find delivery channel with specified name.",
        }),
        cloudTrailRecord({
          eventSource: "config.amazonaws.com",
          eventName: "DescribeConfigurationRecorders",
          readOnly: true,
        }),
      ],
    },
  },
  {
    id: "cis-4.10-security-group-changes",
    cis: "4.10",
    title: "Security group changes",
    catches: "Creating, deleting or changing the rules of security groups.",
    severity: "medium",
    eventNames: SG_EVENTS,
    filterPattern: eventNameFilter(SG_EVENTS, undefined, [SUCCEEDED]),
    runbook: {
      meaning: "Network access to instances changed; an ingress rule from 0.0.0.0/0 exposes them to the internet.",
      contain: ["Revoke rules that open administrative ports to the internet."],
      recover: ["Re-apply the security groups from their infrastructure code."],
    },
    samples: {
      positive: [ec2("AuthorizeSecurityGroupIngress"), ec2("ModifySecurityGroupRules")],
      negative: [
        ec2("AuthorizeSecurityGroupIngress", { errorCode: "RequestExpired", errorMessage: "Request has expired." }),
        ec2("DescribeSecurityGroups", { readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.11-nacl-changes",
    cis: "4.11",
    title: "Network ACL changes",
    catches: "Creating, deleting or changing network ACLs and their entries.",
    severity: "medium",
    eventNames: NACL_EVENTS,
    filterPattern: eventNameFilter(NACL_EVENTS, undefined, [SUCCEEDED]),
    runbook: {
      meaning: "Subnet-level traffic rules changed.",
      contain: ["Revert entries that allow traffic the subnet should not receive."],
      recover: ["Re-apply the network ACLs from their infrastructure code."],
    },
    samples: {
      positive: [ec2("CreateNetworkAclEntry"), ec2("ReplaceNetworkAclAssociation")],
      negative: [
        ec2("CreateNetworkAclEntry", { errorCode: "InvalidCharacter", errorMessage: "Invalid character" }),
        ec2("DescribeNetworkAcls", { readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.12-network-gateway-changes",
    cis: "4.12",
    title: "Network gateway changes",
    catches: "Creating, attaching, detaching or deleting internet and customer gateways.",
    severity: "medium",
    eventNames: GATEWAY_EVENTS,
    filterPattern: eventNameFilter(GATEWAY_EVENTS, undefined, [SUCCEEDED]),
    runbook: {
      meaning: "A path between a VPC and the internet or an on-premises network appeared or disappeared.",
      contain: ["Detach a gateway nobody owns from its VPC."],
      recover: ["Re-apply the VPC's infrastructure code."],
    },
    samples: {
      positive: [ec2("AttachInternetGateway")],
      negative: [
        ec2("AttachInternetGateway", { errorCode: "RequestExpired", errorMessage: "Request has expired." }),
        ec2("DescribeInternetGateways", { readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.13-route-table-changes",
    cis: "4.13",
    title: "Route table changes",
    catches: "Creating, changing or deleting EC2 route tables and routes.",
    severity: "medium",
    eventNames: ROUTE_EVENTS,
    filterPattern: eventNameFilter(ROUTE_EVENTS, "ec2.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning: "Traffic may be routed around inspection or out of the network.",
      contain: ["Delete routes that send traffic to an unknown gateway, instance or peering connection."],
      recover: ["Re-apply the route tables from their infrastructure code."],
    },
    samples: {
      positive: [ec2("CreateRoute"), ec2("DisassociateRouteTable")],
      negative: [
        ec2("CreateRoute", { errorCode: "Blocked", errorMessage: "blocked" }),
        ec2("DescribeRouteTables", { readOnly: true }),
        cloudTrailRecord({ eventSource: "ec2-fake.amazonaws.com", eventName: "CreateRoute" }),
      ],
    },
  },
  {
    id: "cis-4.14-vpc-changes",
    cis: "4.14",
    title: "VPC changes",
    catches: "Creating, changing or deleting VPCs and peering connections.",
    severity: "medium",
    eventNames: VPC_EVENTS,
    filterPattern: eventNameFilter(VPC_EVENTS, undefined, [SUCCEEDED]),
    runbook: {
      meaning: "Network boundaries changed; a new peering connection joins two networks.",
      contain: ["Reject or delete peering connections to accounts outside the organization."],
      recover: ["Re-apply the network's infrastructure code."],
    },
    samples: {
      positive: [ec2("CreateVpcPeeringConnection"), ec2("ModifyVpcAttribute")],
      negative: [
        ec2("CreateVpc", { errorCode: "UnknownParameter", errorMessage: "The parameter x is not recognized" }),
        ec2("DescribeVpcs", { readOnly: true }),
      ],
    },
  },
  {
    id: "cis-4.15-organizations-changes",
    cis: "4.15",
    title: "AWS Organizations changes",
    catches: "Changes to the organization: accounts, organizational units, policies, handshakes.",
    severity: "medium",
    eventNames: ORGANIZATIONS_EVENTS,
    filterPattern: eventNameFilter(ORGANIZATIONS_EVENTS, "organizations.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "The organization's shape or its guardrails (SCPs) changed; an account leaving the organization leaves this baseline too.",
      contain: ["Re-attach detached service control policies; re-invite an account that left."],
      recover: ["Re-apply the organization's policies from source control."],
    },
    samples: {
      positive: ["DetachPolicy", "LeaveOrganization", "CancelHandshake", "EnableAllFeatures"].map((e) =>
        cloudTrailRecord({ eventSource: "organizations.amazonaws.com", eventName: e }),
      ),
      negative: [
        cloudTrailRecord({
          eventSource: "organizations.amazonaws.com",
          eventName: "MoveAccount",
          errorCode: "AccountNotFoundException",
          errorMessage: "You specified an account that does not exist.",
        }),
        cloudTrailRecord({ eventSource: "organizations.amazonaws.com", eventName: "ListAccounts", readOnly: true }),
      ],
    },
  },
];
