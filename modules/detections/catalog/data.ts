import { SUCCEEDED, SUCCEEDED_OR_DENIED, allOf, anyOf, eventNameFilter, filter } from "../patterns";
import { apiCall, denied, unauthorized } from "../samples";
import type { Detection } from "../types";

/**
 * Data leaving the organization's control outside S3: keys tampered with, EBS
 * encryption turned off, snapshots and images shared, admin ports opened to the
 * internet, functions opened to everyone, new ways in (Roles Anywhere, the serial
 * console) and model access switched on for abuse.
 */

const call = apiCall;

const KEY_MATERIAL_EVENTS = ["ImportKeyMaterial", "DeleteImportedKeyMaterial"];
const REMOTE_SHELL_EVENTS = ["SendCommand", "StartSession", "SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"];
/** A share added to the first items of an EC2 permission list: everyone, or an account. */
const ec2Share = (list: string) =>
  anyOf(
    ...[0, 1].flatMap((i) => [
      `($.requestParameters.${list}.add.items[${i}].group = "all")`,
      `($.requestParameters.${list}.add.items[${i}].userId = "*")`,
    ]),
  );
const WORLD = ["0.0.0.0/0", "::/0"];
/** An ingress call whose response lists the rule it created (as both request forms do). */
const ingress = (
  rule: Record<string, unknown>,
  requestParameters: Record<string, unknown> = { groupId: "sg-0a1b2c3d" },
) =>
  apiCall("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", requestParameters, {
    responseElements: {
      _return: true,
      securityGroupRuleSet: { items: [{ groupId: "sg-0a1b2c3d", isEgress: false, ...rule }] },
    },
  });
/** Ports an internet-wide rule must never reach: SSH and RDP. */
const ADMIN_PORTS = [22, 3389];

export const DATA_DETECTIONS: readonly Detection[] = [
  {
    id: "kms-key-material-changed",
    title: "KMS key material imported or deleted",
    catches: "Key material imported into, or deleted from, a KMS key with external material.",
    severity: "high",
    eventNames: KEY_MATERIAL_EVENTS,
    filterPattern: eventNameFilter(KEY_MATERIAL_EVENTS, "kms.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "Deleting imported material makes everything encrypted under the key unreadable at once (ransom); importing lets someone who holds the material decrypt outside AWS.",
      contain: ["Identify the key's data (kms list-grants, the services that use it) and whoever holds the material."],
      recover: [
        "Re-import the original material if you hold it; otherwise restore the data from copies under another key.",
      ],
    },
    samples: {
      positive: [
        call("kms.amazonaws.com", "DeleteImportedKeyMaterial", {
          keyId: "arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        }),
        call("kms.amazonaws.com", "ImportKeyMaterial", {
          keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
          expirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
        }),
      ],
      negative: [
        call(
          "kms.amazonaws.com",
          "GetParametersForImport",
          { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" },
          { readOnly: true },
        ),
        call(
          "kms.amazonaws.com",
          "DeleteImportedKeyMaterial",
          { keyId: "x" },
          { errorCode: "NotFoundException", errorMessage: "Key does not exist" },
        ),
      ],
    },
  },
  {
    id: "kms-key-policy-changed",
    title: "KMS key policy changed",
    catches: "A KMS key's policy replaced (PutKeyPolicy).",
    severity: "medium",
    eventNames: ["PutKeyPolicy"],
    filterPattern: eventNameFilter(["PutKeyPolicy"], "kms.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        'The key policy decides who may decrypt. A stack updating its own key is routine; a policy opened to another account or to "*" hands the data over.',
      contain: [
        "Compare the new policy (requestParameters.policy) with the key's stack; re-apply the stack if they differ.",
      ],
      recover: ["Review Decrypt and GenerateDataKey calls on the key by unfamiliar principals since."],
    },
    samples: {
      positive: [
        call("kms.amazonaws.com", "PutKeyPolicy", {
          keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
          policyName: "default",
          policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}',
        }),
      ],
      negative: [
        call(
          "kms.amazonaws.com",
          "GetKeyPolicy",
          { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policyName: "default" },
          { readOnly: true },
        ),
        call(
          "kms.amazonaws.com",
          "PutKeyPolicy",
          { keyId: "x", policyName: "default" },
          {
            errorCode: "MalformedPolicyDocumentException",
            errorMessage: "The new key policy will not allow you to update the key policy in the future.",
          },
        ),
      ],
    },
  },
  {
    id: "ebs-default-encryption-disabled",
    title: "EBS encryption by default turned off",
    catches: "EBS encryption by default disabled in a Region.",
    severity: "high",
    eventNames: ["DisableEbsEncryptionByDefault"],
    filterPattern: eventNameFilter(["DisableEbsEncryptionByDefault"], "ec2.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning:
        "New volumes and snapshot copies are created unencrypted, and unencrypted snapshots can be shared publicly.",
      contain: ["Turn it back on (ec2 enable-ebs-encryption-by-default) in the Region."],
      recover: ["List volumes created unencrypted since (ec2 describe-volumes --filters Name=encrypted,Values=false)."],
    },
    samples: {
      positive: [
        call("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", { DisableEbsEncryptionByDefaultRequest: "" }),
      ],
      negative: [
        call("ec2.amazonaws.com", "EnableEbsEncryptionByDefault", { EnableEbsEncryptionByDefaultRequest: "" }),
        call("ec2.amazonaws.com", "DisableEbsEncryptionByDefault", {}, unauthorized),
      ],
    },
  },
  {
    id: "snapshot-or-image-shared",
    title: "EBS snapshot, AMI or RDS snapshot shared",
    catches: "An EBS snapshot, an AMI or an RDS snapshot shared publicly or with another account.",
    severity: "high",
    eventNames: [
      "ModifySnapshotAttribute",
      "ModifyImageAttribute",
      "ModifyDBSnapshotAttribute",
      "ModifyDBClusterSnapshotAttribute",
    ],
    filterPattern: filter(
      SUCCEEDED,
      anyOf(
        allOf(
          '($.eventSource = "ec2.amazonaws.com")',
          '($.eventName = "ModifySnapshotAttribute")',
          ec2Share("createVolumePermission"),
        ),
        allOf(
          '($.eventSource = "ec2.amazonaws.com")',
          '($.eventName = "ModifyImageAttribute")',
          ec2Share("launchPermission"),
        ),
        allOf(
          anyOf('($.eventName = "ModifyDBSnapshotAttribute")', '($.eventName = "ModifyDBClusterSnapshotAttribute")'),
          '($.requestParameters.attributeName = "restore")',
          '($.requestParameters.valuesToAdd[0] = "*")',
        ),
      ),
    ),
    runbook: {
      meaning: "A full copy of a disk or database is now restorable in another account, or by anyone.",
      contain: [
        "Remove the share (the same call with remove / valuesToRemove) at once; an account that copied it keeps its copy.",
      ],
      recover: [
        "Look for SharedSnapshotCopyInitiated or SharedSnapshotVolumeCreated service events naming another account; treat the data as disclosed if one appears.",
      ],
    },
    samples: {
      positive: [
        call("ec2.amazonaws.com", "ModifySnapshotAttribute", {
          snapshotId: "snap-0b8d2f1c1e2a3b4c5",
          attributeType: "CREATE_VOLUME_PERMISSION",
          createVolumePermission: { add: { items: [{ userId: "012345678912" }] } },
        }),
        call("ec2.amazonaws.com", "ModifySnapshotAttribute", {
          snapshotId: "snap-0b8d2f1c1e2a3b4c5",
          attributeType: "CREATE_VOLUME_PERMISSION",
          createVolumePermission: { add: { items: [{ group: "all" }] } },
        }),
        call("ec2.amazonaws.com", "ModifyImageAttribute", {
          imageId: "ami-0a1b2c3d4e5f67890",
          attributeType: "launchPermission",
          launchPermission: { add: { items: [{ userId: "012345678901" }] } },
        }),
        call("rds.amazonaws.com", "ModifyDBSnapshotAttribute", {
          dBSnapshotIdentifier: "exfiltration",
          attributeName: "restore",
          valuesToAdd: ["193672423079"],
        }),
        call("rds.amazonaws.com", "ModifyDBClusterSnapshotAttribute", {
          dBClusterSnapshotIdentifier: "c",
          attributeName: "restore",
          valuesToAdd: ["all"],
        }),
      ],
      negative: [
        call("ec2.amazonaws.com", "ModifySnapshotAttribute", {
          snapshotId: "snap-0b8d2f1c1e2a3b4c5",
          attributeType: "CREATE_VOLUME_PERMISSION",
          createVolumePermission: { remove: { items: [{ group: "all" }] } },
        }),
        call(
          "ec2.amazonaws.com",
          "ModifySnapshotAttribute",
          { snapshotId: "snap-1", createVolumePermission: { add: { items: [{ group: "all" }] } } },
          unauthorized,
        ),
        call("rds.amazonaws.com", "ModifyDBSnapshotAttribute", {
          dBSnapshotIdentifier: "s",
          attributeName: "restore",
          valuesToRemove: ["193672423079"],
        }),
        call("ec2.amazonaws.com", "ModifyImageAttribute", { imageId: "ami-1", description: { value: "golden image" } }),
      ],
    },
  },
  {
    id: "admin-port-open-to-internet",
    title: "SSH or RDP opened to the internet",
    catches: "A security group ingress rule open to 0.0.0.0/0 or ::/0 on a port range that includes 22 or 3389.",
    severity: "high",
    eventNames: ["AuthorizeSecurityGroupIngress"],
    // The rule arrives flat (cidrIp, fromPort) or in ipPermissions; the response
    // lists the created rules either way (securityGroupRuleSet).
    filterPattern: filter(
      '($.eventSource = "ec2.amazonaws.com")',
      '($.eventName = "AuthorizeSecurityGroupIngress")',
      SUCCEEDED,
      anyOf(
        ...WORLD.map(
          (c) => `($.responseElements.securityGroupRuleSet.items[0].cidrIpv${c.includes(":") ? 6 : 4} = "${c}")`,
        ),
        ...WORLD.slice(0, 1).map((c) => `($.requestParameters.cidrIp = "${c}")`),
      ),
      anyOf(
        ...ADMIN_PORTS.map(
          (p) =>
            `(($.responseElements.securityGroupRuleSet.items[0].fromPort <= ${p}) && ($.responseElements.securityGroupRuleSet.items[0].toPort >= ${p}))`,
        ),
        '($.responseElements.securityGroupRuleSet.items[0].ipProtocol = "-1")',
      ),
    ),
    runbook: {
      meaning:
        "Remote administration of the group's instances is reachable from anywhere: the first thing scanners try.",
      contain: [
        "Revoke the rule (ec2 revoke-security-group-ingress --security-group-rule-ids ...); use Session Manager instead.",
      ],
      recover: ["Review the instances' sign-in logs for sessions from unknown addresses since the change."],
    },
    samples: {
      positive: [
        ingress(
          { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" },
          {
            groupId: "sg-0a1b2c3d",
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrIp: "0.0.0.0/0",
            ipPermissions: {},
          },
        ),
        ingress(
          { ipProtocol: "-1", fromPort: -1, toPort: -1, cidrIpv6: "::/0" },
          {
            groupId: "sg-0a1b2c3d",
            ipPermissions: { items: [{ ipProtocol: "-1", ipv6Ranges: { items: [{ cidrIpv6: "::/0" }] } }] },
          },
        ),
        ingress({ ipProtocol: "tcp", fromPort: 3000, toPort: 4000, cidrIpv4: "0.0.0.0/0" }),
      ],
      negative: [
        ingress({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        ingress({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" }),
        call(
          "ec2.amazonaws.com",
          "AuthorizeSecurityGroupIngress",
          { groupId: "sg-1", cidrIp: "0.0.0.0/0", fromPort: 22, toPort: 22 },
          unauthorized,
        ),
      ],
    },
  },
  {
    id: "lambda-opened-to-everyone",
    title: "Lambda function opened to everyone",
    catches: 'A permission added to a function for principal "*": anyone may invoke it.',
    severity: "high",
    eventNames: ["AddPermission20150331", "AddPermission20150331v2"],
    // Real-time only: a metric filter cannot tell the principal "*" from a wildcard;
    // EventBridge compares it literally.
    eventPattern: {
      source: ["aws.lambda"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["lambda.amazonaws.com"],
        eventName: ["AddPermission20150331", "AddPermission20150331v2"],
        errorCode: [{ exists: false }],
        requestParameters: { principal: ["*"] },
      },
    },
    runbook: {
      meaning: "A public entry point into the function and whatever its role can reach: a common persistence backdoor.",
      contain: ["Remove the statement (lambda remove-permission --statement-id ...)."],
      recover: ["Review the function's invocations since (its logs, and CloudTrail Invoke data events if recorded)."],
    },
    samples: {
      positive: [
        call("lambda.amazonaws.com", "AddPermission20150331v2", {
          functionName: "payments-export",
          statementId: "backdoor",
          action: "lambda:InvokeFunction",
          principal: "*",
        }),
      ],
      negative: [
        call("lambda.amazonaws.com", "AddPermission20150331v2", {
          functionName: "payments-export",
          statementId: "events",
          action: "lambda:InvokeFunction",
          principal: "events.amazonaws.com",
          sourceArn: "arn:aws:events:eu-west-1:444444444444:rule/nightly",
        }),
        call("lambda.amazonaws.com", "AddPermission20150331v2", { functionName: "f", principal: "*" }, denied),
      ],
    },
  },
  {
    id: "new-remote-access-path",
    title: "New way into instances or the account",
    catches: "An IAM Roles Anywhere trust anchor created, or EC2 serial console access enabled for the account.",
    severity: "high",
    eventNames: ["CreateTrustAnchor", "EnableSerialConsoleAccess"],
    filterPattern: filter(
      SUCCEEDED,
      anyOf(
        allOf('($.eventSource = "rolesanywhere.amazonaws.com")', '($.eventName = "CreateTrustAnchor")'),
        allOf('($.eventSource = "ec2.amazonaws.com")', '($.eventName = "EnableSerialConsoleAccess")'),
      ),
    ),
    runbook: {
      meaning:
        "A trust anchor lets whoever holds a certificate from its CA get role credentials from outside AWS; the serial console reaches instances past their network controls.",
      contain: [
        "Delete the trust anchor (and its profiles), or disable serial console access (ec2 disable-serial-console-access).",
      ],
      recover: [
        "Review CreateSession calls of Roles Anywhere, or SendSerialConsoleSSHPublicKey calls, since the change.",
      ],
    },
    samples: {
      positive: [
        call("rolesanywhere.amazonaws.com", "CreateTrustAnchor", {
          name: "malicious-rolesanywhere-trust-anchor",
          enabled: true,
          source: { sourceType: "CERTIFICATE_BUNDLE" },
        }),
        call("ec2.amazonaws.com", "EnableSerialConsoleAccess", { EnableSerialConsoleAccessRequest: "" }),
      ],
      negative: [
        call("rolesanywhere.amazonaws.com", "ListTrustAnchors", null, { readOnly: true }),
        call("ec2.amazonaws.com", "DisableSerialConsoleAccess", { DisableSerialConsoleAccessRequest: "" }),
        call("ec2.amazonaws.com", "EnableSerialConsoleAccess", {}, unauthorized),
      ],
    },
  },
  {
    id: "bedrock-model-access-enabled",
    title: "Bedrock model access switched on",
    catches:
      "Access to a foundation model requested or agreed to: the set-up step of using stolen credentials to run models.",
    severity: "medium",
    eventNames: ["PutUseCaseForModelAccess", "CreateFoundationModelAgreement", "PutFoundationModelEntitlement"],
    filterPattern: eventNameFilter(
      ["PutUseCaseForModelAccess", "CreateFoundationModelAgreement", "PutFoundationModelEntitlement"],
      "bedrock.amazonaws.com",
      [SUCCEEDED],
    ),
    runbook: {
      meaning:
        "Someone enabled a model in an account: planned adoption, or credentials being used to run models at the account's expense.",
      contain: [
        "Ask the account owner; if unplanned, deny bedrock:InvokeModel* for the caller and rotate its credentials.",
      ],
      recover: ["Review InvokeModel calls and the Bedrock bill for the period."],
    },
    samples: {
      positive: [
        call(
          "bedrock.amazonaws.com",
          "PutFoundationModelEntitlement",
          { modelId: "anthropic.claude-3-sonnet-20240229-v1:0" },
          { responseElements: { status: "SUCCESS" } },
        ),
        call("bedrock.amazonaws.com", "CreateFoundationModelAgreement", {
          modelId: "anthropic.claude-3-sonnet-20240229-v1:0",
        }),
      ],
      negative: [
        call(
          "bedrock.amazonaws.com",
          "GetFoundationModelAvailability",
          { modelId: "anthropic.claude-3-sonnet-20240229-v1:0" },
          { readOnly: true },
        ),
        call(
          "bedrock.amazonaws.com",
          "PutFoundationModelEntitlement",
          { modelId: "m" },
          { errorCode: "AccessDeniedException", errorMessage: "not authorized" },
        ),
      ],
    },
  },
  {
    id: "remote-shell-access",
    title: "Commands or shells on instances through AWS",
    catches:
      "Run Command (SendCommand), a Session Manager session, or an SSH key pushed through EC2 Instance Connect or the serial console.",
    severity: "medium",
    eventNames: REMOTE_SHELL_EVENTS,
    filterPattern: filter(
      anyOf('($.eventSource = "ssm.amazonaws.com")', '($.eventSource = "ec2-instance-connect.amazonaws.com")'),
      `(${REMOTE_SHELL_EVENTS.map((e) => `($.eventName = "${e}")`).join(" || ")})`,
      SUCCEEDED,
    ),
    runbook: {
      meaning:
        "Code runs on instances with their role's credentials: routine operations, or how an intruder reaches instance credentials and data without the network.",
      contain: [
        "Check the caller and the targets against the change or on-call record; end unknown sessions (ssm terminate-session).",
      ],
      recover: [
        "Review the command's output and the instance's role activity since (userIdentity.arn ending in the instance id).",
      ],
    },
    samples: {
      positive: [
        call("ssm.amazonaws.com", "SendCommand", {
          documentName: "AWS-RunShellScript",
          instanceIds: ["i-0a1b2c3d4e5f67890"],
          interactive: false,
          parameters: "HIDDEN_DUE_TO_SECURITY_REASONS",
        }),
        call("ssm.amazonaws.com", "StartSession", { target: "i-0a1b2c3d4e5f67890" }),
        call("ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", {
          instanceId: "i-0a1b2c3d4e5f67890",
          instanceOSUser: "ec2-user",
          sSHPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample",
        }),
      ],
      negative: [
        call("ssm.amazonaws.com", "DescribeInstanceInformation", {}, { readOnly: true }),
        call("ssm.amazonaws.com", "TerminateSession", { sessionId: "alice-0123" }),
        call("ssm.amazonaws.com", "SendCommand", { documentName: "AWS-RunShellScript" }, denied),
      ],
    },
  },
  {
    id: "ec2-user-data-accessed",
    title: "Instance user data changed or read",
    catches:
      "An instance's user data rewritten (code that runs at the next start), or read, refused attempts included (user data often holds secrets).",
    severity: "medium",
    eventNames: ["ModifyInstanceAttribute", "DescribeInstanceAttribute"],
    filterPattern: filter(
      '($.eventSource = "ec2.amazonaws.com")',
      anyOf(
        allOf(
          '($.eventName = "ModifyInstanceAttribute")',
          SUCCEEDED,
          anyOf('($.requestParameters.userData = "*")', '($.requestParameters.attribute = "userData")'),
        ),
        allOf(
          '($.eventName = "DescribeInstanceAttribute")',
          '($.requestParameters.attribute = "userData")',
          SUCCEEDED_OR_DENIED,
        ),
      ),
    ),
    runbook: {
      meaning:
        "Rewritten user data runs as root at the next start (a stop, modify, start sequence); reading it harvests what was put there, often credentials.",
      contain: [
        "Compare the instance's user data with its launch template; stop the instance if it was changed by someone unknown.",
      ],
      recover: ["Rotate any secret the user data held; remove secrets from user data."],
    },
    samples: {
      positive: [
        call("ec2.amazonaws.com", "ModifyInstanceAttribute", {
          instanceId: "i-0a1b2c3d4e5f67890",
          userData: "<sensitiveDataRemoved>",
        }),
        call(
          "ec2.amazonaws.com",
          "DescribeInstanceAttribute",
          { attribute: "userData", instanceId: "i-95b86090" },
          { readOnly: true, ...unauthorized },
        ),
      ],
      negative: [
        call("ec2.amazonaws.com", "ModifyInstanceAttribute", {
          instanceId: "i-0a1b2c3d4e5f67890",
          instanceType: { value: "m7g.large" },
        }),
        call(
          "ec2.amazonaws.com",
          "DescribeInstanceAttribute",
          { attribute: "instanceType", instanceId: "i-1" },
          { readOnly: true },
        ),
      ],
    },
  },
  {
    id: "secrets-read-in-bulk",
    title: "Secrets read in bulk",
    catches:
      "BatchGetSecretValue called, or one principal reading 20 or more secrets in 5 minutes (from GetSecretValue, by the count rule below).",
    severity: "medium",
    eventNames: ["BatchGetSecretValue"],
    filterPattern: eventNameFilter(["BatchGetSecretValue"], "secretsmanager.amazonaws.com", [SUCCEEDED]),
    runbook: {
      meaning: "Harvesting secrets: one call returns up to 20 secrets, often with a filter that selects everything.",
      contain: [
        "Check the caller normally reads these secrets; if not, revoke its sessions and rotate the secrets returned.",
      ],
      recover: ["Rotate every secret read, and review where each grants access."],
    },
    samples: {
      positive: [
        call(
          "secretsmanager.amazonaws.com",
          "BatchGetSecretValue",
          { filters: [{ key: "tag-key", values: ["!tagKeyThatWillNeverExist"] }] },
          { readOnly: true },
        ),
      ],
      negative: [
        call("secretsmanager.amazonaws.com", "GetSecretValue", { secretId: "app/db" }, { readOnly: true }),
        call(
          "secretsmanager.amazonaws.com",
          "BatchGetSecretValue",
          { filters: [] },
          { readOnly: true, errorCode: "AccessDeniedException", errorMessage: "not authorized" },
        ),
      ],
    },
  },
  {
    id: "secret-values-read-by-one-principal",
    title: "Many secret values read by one principal",
    catches: "One principal calling GetSecretValue 20 or more times in 5 minutes.",
    severity: "medium",
    eventNames: ["GetSecretValue"],
    eventSources: ["secretsmanager.amazonaws.com"],
    filterPattern: eventNameFilter(["GetSecretValue"], "secretsmanager.amazonaws.com", [SUCCEEDED]),
    threshold: 20,
    aggregation: "principal",
    runbook: {
      meaning: "Secrets enumerated one by one: a workload that should cache, or credentials being harvested.",
      contain: ["Compare with the principal's usual reads; revoke its sessions if it is not a known workload."],
      recover: ["Rotate the secrets read."],
    },
    samples: {
      positive: [
        call(
          "secretsmanager.amazonaws.com",
          "GetSecretValue",
          { secretId: "arn:aws:secretsmanager:eu-west-1:444444444444:secret:prod/db-AbCdEf" },
          { readOnly: true },
        ),
      ],
      negative: [
        call("secretsmanager.amazonaws.com", "ListSecrets", { maxResults: 100 }, { readOnly: true }),
        call(
          "secretsmanager.amazonaws.com",
          "GetSecretValue",
          { secretId: "x" },
          {
            readOnly: true,
            errorCode: "ResourceNotFoundException",
            errorMessage: "Secrets Manager can't find the specified secret.",
          },
        ),
      ],
    },
  },
  {
    id: "lambda-layer-attached",
    title: "Layer attached to a Lambda function",
    catches:
      "A function's configuration updated with layers: code (or an extension) that runs inside the function on every invocation.",
    severity: "medium",
    eventNames: ["UpdateFunctionConfiguration20150331v2", "UpdateFunctionConfiguration"],
    filterPattern: filter(
      '($.eventSource = "lambda.amazonaws.com")',
      '($.eventName = "UpdateFunctionConfiguration*")',
      SUCCEEDED,
      '($.requestParameters.layers[0] = "*")',
    ),
    runbook: {
      meaning:
        "A layer's extension sees every event and the function's credentials: a quiet persistence point, especially from another account's layer.",
      contain: ["Check the layer ARN's account and version against the function's stack; remove unknown layers."],
      recover: ["Rotate what the function's role and environment could reach."],
    },
    samples: {
      positive: [
        call("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", {
          functionName: "arn:aws:lambda:eu-west-1:444444444444:function:payments-export",
          layers: ["arn:aws:lambda:eu-west-1:999999999999:layer:extension:1"],
          environment: {},
        }),
      ],
      negative: [
        call("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", { functionName: "f", timeout: 30 }),
        call(
          "lambda.amazonaws.com",
          "UpdateFunctionConfiguration20150331v2",
          { functionName: "f", layers: ["x"] },
          denied,
        ),
      ],
    },
  },
  {
    id: "ec2-accelerated-instances-requested",
    title: "GPU or accelerator instances requested",
    catches:
      "RunInstances for GPU or machine-learning accelerator types (p, g, inf, trn, dl), refused attempts included.",
    severity: "medium",
    eventNames: ["RunInstances"],
    filterPattern: filter(
      '($.eventSource = "ec2.amazonaws.com")',
      '($.eventName = "RunInstances")',
      SUCCEEDED_OR_DENIED,
      anyOf(...["p*", "g*", "inf*", "trn*", "dl*"].map((t) => `($.requestParameters.instanceType = "${t}")`)),
    ),
    runbook: {
      meaning:
        "The usual payload of stolen credentials is mining or model training on the most expensive instances; a refused attempt shows someone tried.",
      contain: [
        "Check the caller and the account's purpose; terminate unknown instances and revoke the caller's sessions.",
      ],
      recover: ["Review the bill and the Service Quotas requests of the period."],
    },
    samples: {
      positive: [
        call(
          "ec2.amazonaws.com",
          "RunInstances",
          {
            instanceType: "p2.xlarge",
            instancesSet: { items: [{ imageId: "ami-0a1b2c3d", minCount: 1, maxCount: 10 }] },
          },
          unauthorized,
        ),
        call("ec2.amazonaws.com", "RunInstances", {
          instanceType: "g5.12xlarge",
          instancesSet: { items: [{ imageId: "ami-0a1b2c3d", minCount: 1, maxCount: 1 }] },
        }),
      ],
      negative: [
        call("ec2.amazonaws.com", "RunInstances", {
          instanceType: "m7g.large",
          instancesSet: { items: [{ imageId: "ami-0a1b2c3d", minCount: 1, maxCount: 1 }] },
        }),
        call(
          "ec2.amazonaws.com",
          "RunInstances",
          { instanceType: "p4d.24xlarge" },
          { errorCode: "InsufficientInstanceCapacity", errorMessage: "no capacity" },
        ),
      ],
    },
  },
];
