import { Testing } from "cdktf";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { AccessLogBucket } from "../../../modules/access-log-bucket";
import { HardenedBucket } from "../../../modules/hardened-bucket";
import { OrganizationTrail } from "../../../modules/organization-trail";
import {
  BASELINE_RULES,
  StackView,
  type GuardrailRule,
  type RuleStatus,
  type StackJson,
} from "../../../modules/guardrails";
import * as rules from "../../../modules/guardrails/rules";
import { isReadOnlyAction } from "../../../modules/guardrails/rules/iam-no-unconditioned-write-everywhere";
import { policySize } from "../../../modules/guardrails/rules/policy-size-limits";
import { DETECTIONS } from "../../../modules/detections";
import { forwardingPattern } from "../../../modules/security-events";
import { RESPONDER_EVENT_NAMES } from "../../../modules/security-responder/events";
import { Key } from "../../../modules/references";

type Json = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Status of `rule` on every resource of its types in `json`, by address. */
function judge(rule: GuardrailRule, json: Json): Record<string, RuleStatus> {
  const view = new StackView(json as StackJson);
  const out: Record<string, RuleStatus> = {};
  for (const r of view.resources)
    if (rule.resourceTypes.includes(r.type)) out[r.address] = rule.evaluate(r, view).status;
  return out;
}
const only = (type: string, json: Json) => Object.keys(json.resource[type])[0];
const statusOf = (rule: GuardrailRule, json: Json, type: string) => judge(rule, json)[`${type}.${only(type, json)}`];
const reasonOf = (rule: GuardrailRule, json: Json, type: string) => {
  const view = new StackView(json as StackJson);
  return rule.evaluate(view.get(`${type}.${only(type, json)}`)!, view).reason;
};

// Real synthesized constructs are the compliant fixtures.
const bucketJson: Json = JSON.parse(
  Testing.synthScope((s) => {
    new HardenedBucket(s, "data", { bucketName: "example-data" });
  }),
);
const loggedJson: Json = JSON.parse(
  Testing.synthScope((s) => {
    const logs = new AccessLogBucket(s, "logs", { bucketName: "example-logs", accountId: "111111111111" });
    logs.logsFor(new HardenedBucket(s, "data", { bucketName: "example-data" }));
  }),
);
const trailJson: Json = JSON.parse(
  Testing.synthScope((s) => {
    new OrganizationTrail(s, "trail", {
      trailName: "t",
      accountId: "111111111111",
      region: "eu-west-1",
      archiveBucket: HardenedBucket.fromName("example-cloudtrail-archive-222222222222"),
      key: Key.fromArn("arn:aws:kms:eu-west-1:222222222222:key/k"),
      cloudWatchLogs: { logGroupName: "g", deliveryRoleName: "r" },
      dataEvents: { excludedArnPrefixes: ["arn:aws:s3:::example-cloudtrail-archive-"] },
    });
  }),
);
const topicJson = (kms?: string): Json =>
  JSON.parse(
    Testing.synthScope((s) => {
      new SnsTopic(s, "topic", { name: "alarms", kmsMasterKeyId: kms });
    }),
  );
const iamJson = (statement: Json): Json =>
  JSON.parse(
    Testing.synthScope((s) => {
      new IamRolePolicy(s, "p", {
        role: "r",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
      });
    }),
  );

function withoutType(json: Json, type: string): Json {
  const copy = clone(json);
  delete copy.resource[type];
  return copy;
}
function editFirst(json: Json, type: string, edit: (r: Json) => void): Json {
  const copy = clone(json);
  edit(copy.resource[type][only(type, copy)]);
  return copy;
}
const dataBucket = (json: Json) => {
  const [name] = Object.entries(json.resource.aws_s3_bucket).find(
    ([, b]: [string, any]) => b.bucket === "example-data",
  )!;
  return `aws_s3_bucket.${name}`;
};

describe("guardrail rules", () => {
  test("the pack has every rule once, each with an id, a description and a fix", () => {
    const ids = BASELINE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(24);
    for (const r of BASELINE_RULES) {
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(10);
    }
  });

  describe("s3-block-public-access", () => {
    const rule = rules.s3BlockPublicAccess;
    test("compliant: all four flags", () => expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("compliant"));
    test("non-compliant: one flag off", () => {
      const json = editFirst(
        bucketJson,
        "aws_s3_bucket_public_access_block",
        (r) => (r.restrict_public_buckets = false),
      );
      expect(statusOf(rule, json, "aws_s3_bucket")).toBe("non-compliant");
      expect(reasonOf(rule, json, "aws_s3_bucket")).toBe("not set to true: restrict_public_buckets");
    });
    test("non-compliant: no block at all", () => {
      expect(statusOf(rule, withoutType(bucketJson, "aws_s3_bucket_public_access_block"), "aws_s3_bucket")).toBe(
        "non-compliant",
      );
    });
  });

  describe("s3-default-encryption", () => {
    const rule = rules.s3DefaultEncryption;
    test("compliant: SSE-S3", () => expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("compliant"));
    test("non-compliant: no encryption configuration", () => {
      const json = withoutType(bucketJson, "aws_s3_bucket_server_side_encryption_configuration");
      expect(statusOf(rule, json, "aws_s3_bucket")).toBe("non-compliant");
    });
  });

  describe("s3-versioning", () => {
    const rule = rules.s3Versioning;
    test("compliant: Enabled", () => expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("compliant"));
    test("non-compliant: Suspended", () => {
      const json = editFirst(
        bucketJson,
        "aws_s3_bucket_versioning",
        (r) => (r.versioning_configuration.status = "Suspended"),
      );
      expect(statusOf(rule, json, "aws_s3_bucket")).toBe("non-compliant");
    });
  });

  describe("s3-acls-disabled", () => {
    const rule = rules.s3AclsDisabled;
    test("compliant: BucketOwnerEnforced", () => expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("compliant"));
    test("non-compliant: ObjectWriter", () => {
      const json = editFirst(
        bucketJson,
        "aws_s3_bucket_ownership_controls",
        (r) => (r.rule.object_ownership = "ObjectWriter"),
      );
      expect(statusOf(rule, json, "aws_s3_bucket")).toBe("non-compliant");
    });
  });

  describe("s3-tls-only", () => {
    const rule = rules.s3TlsOnly;
    test("compliant: the TLS deny statement", () =>
      expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("compliant"));
    test("non-compliant: a policy without it", () => {
      const json = editFirst(bucketJson, "aws_s3_bucket_policy", (r) => {
        const doc = JSON.parse(r.policy);
        doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== "DenyRequestsWithoutTLS");
        doc.Statement.push({ Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "*" });
        r.policy = JSON.stringify(doc);
      });
      expect(statusOf(rule, json, "aws_s3_bucket")).toBe("non-compliant");
    });
    test("non-compliant: no policy", () => {
      expect(reasonOf(rule, withoutType(bucketJson, "aws_s3_bucket_policy"), "aws_s3_bucket")).toBe("no bucket policy");
    });
  });

  describe("s3-access-logging", () => {
    const rule = rules.s3AccessLogging;
    test("compliant: the source logs; not applicable: the access-log target", () => {
      const statuses = judge(rule, loggedJson);
      expect(statuses[dataBucket(loggedJson)]).toBe("compliant");
      expect(Object.values(statuses).sort()).toEqual(["compliant", "not-applicable"]);
    });
    test("non-compliant: a bucket that logs nowhere", () => {
      expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("non-compliant");
    });
  });

  describe("s3-logging-not-to-itself", () => {
    const rule = rules.s3LoggingNotToItself;
    test("compliant: logs go to the access-log bucket", () => {
      expect(statusOf(rule, loggedJson, "aws_s3_bucket_logging")).toBe("compliant");
    });
    test("non-compliant: target is the source", () => {
      const json = editFirst(loggedJson, "aws_s3_bucket_logging", (r) => (r.target_bucket = r.bucket));
      expect(statusOf(rule, json, "aws_s3_bucket_logging")).toBe("non-compliant");
    });
  });

  describe("s3-logging-single", () => {
    const rule = rules.s3LoggingSingle;
    const source = (json: Json) => {
      const view = new StackView(json as StackJson);
      return view.bucket(json.resource.aws_s3_bucket_logging[only("aws_s3_bucket_logging", json)].bucket)!.address;
    };
    test("compliant: one aws_s3_bucket_logging for the bucket", () => {
      expect(judge(rule, loggedJson)[source(loggedJson)]).toBe("compliant");
    });
    test("not applicable: a bucket that logs nowhere", () => {
      expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("not-applicable");
    });
    test("non-compliant: a separate resource and an inline block for the same bucket", () => {
      const json = clone(loggedJson);
      const edge = json.resource.aws_s3_bucket_logging[only("aws_s3_bucket_logging", json)];
      const address = source(json);
      json.resource.aws_s3_bucket[address.split(".")[1]].logging = [
        { target_bucket: edge.target_bucket, target_prefix: "inline/" },
      ];
      expect(judge(rule, json)[address]).toBe("non-compliant");
      const view = new StackView(json as StackJson);
      expect(rule.evaluate(view.get(address)!, view).reason).toMatch(
        /^2 logging configurations: aws_s3_bucket_logging\./,
      );
    });
    test("non-compliant: two aws_s3_bucket_logging resources for the same bucket", () => {
      const json = clone(loggedJson);
      const edge = json.resource.aws_s3_bucket_logging[only("aws_s3_bucket_logging", json)];
      json.resource.aws_s3_bucket_logging.again = { ...edge, target_prefix: "again/" };
      expect(judge(rule, json)[source(json)]).toBe("non-compliant");
    });
  });

  describe("s3-logging-no-cycle", () => {
    const rule = rules.s3LoggingNoCycle;
    test("compliant: data -> logs", () =>
      expect(statusOf(rule, loggedJson, "aws_s3_bucket_logging")).toBe("compliant"));
    test("non-compliant: data -> logs -> data", () => {
      const json = clone(loggedJson);
      const edge = json.resource.aws_s3_bucket_logging[only("aws_s3_bucket_logging", json)];
      json.resource.aws_s3_bucket_logging.back = {
        bucket: edge.target_bucket,
        target_bucket: edge.bucket,
        target_prefix: "x/",
      };
      const statuses = Object.entries(judge(rule, json))
        .filter(([address]) => address.startsWith("aws_s3_bucket_logging."))
        .map(([, status]) => status);
      expect(statuses).toEqual(["non-compliant", "non-compliant"]);
      const view = new StackView(json as StackJson);
      expect(rule.evaluate(view.get("aws_s3_bucket_logging.back")!, view).reason).toMatch(
        /^logging cycle: aws_s3_bucket\.\S+ -> aws_s3_bucket\.\S+ -> aws_s3_bucket\.\S+$/,
      );
    });
  });

  describe("s3-access-log-target", () => {
    const rule = rules.s3AccessLogTarget;
    const logsBucket = (json: Json) =>
      Object.entries(json.resource.aws_s3_bucket).find(([, b]: [string, any]) => b.bucket === "example-logs")![0];
    test("compliant: SSE-S3, no Object Lock; not applicable to the source", () => {
      const statuses = judge(rule, loggedJson);
      expect(statuses[`aws_s3_bucket.${logsBucket(loggedJson)}`]).toBe("compliant");
      expect(statuses[dataBucket(loggedJson)]).toBe("not-applicable");
    });
    test("non-compliant: SSE-KMS and Object Lock on the target", () => {
      const json = clone(loggedJson);
      json.resource.aws_s3_bucket[logsBucket(json)].object_lock_enabled = true;
      for (const c of Object.values(json.resource.aws_s3_bucket_server_side_encryption_configuration) as Json[]) {
        c.rule[0].apply_server_side_encryption_by_default.sse_algorithm = "aws:kms";
      }
      const view = new StackView(json as StackJson);
      const result = rule.evaluate(view.get(`aws_s3_bucket.${logsBucket(json)}`)!, view);
      expect(result).toEqual({
        status: "non-compliant",
        reason: "access-log target with SSE-KMS default encryption and Object Lock",
      });
    });
  });

  describe("audit-log-retained", () => {
    const rule = rules.auditLogRetained;
    test("compliant: protected access-log bucket and log-group key; ordinary buckets not applicable", () => {
      const statuses = judge(rule, loggedJson);
      expect(Object.values(statuses).sort()).toEqual(["compliant", "not-applicable"]);
      expect(Object.values(judge(rule, trailJson))).toEqual(["compliant"]);
    });
    test("non-compliant: force_destroy and no prevent_destroy on a log bucket", () => {
      const json = clone(loggedJson);
      for (const b of Object.values(json.resource.aws_s3_bucket) as Json[]) {
        delete b.lifecycle;
        b.force_destroy = true;
      }
      expect(Object.values(judge(rule, json)).sort()).toEqual(["non-compliant", "not-applicable"]);
    });
    test("non-compliant: a key CloudWatch Logs uses, without prevent_destroy", () => {
      const json = editFirst(trailJson, "aws_kms_key", (k) => delete k.lifecycle);
      expect(reasonOf(rule, json, "aws_kms_key")).toBe("no prevent_destroy");
    });
  });

  describe("cloudtrail rules", () => {
    test.each([
      [rules.cloudTrailLogFileValidation, "enable_log_file_validation", false],
      [rules.cloudTrailMultiRegion, "is_multi_region_trail", false],
      [rules.cloudTrailKms, "kms_key_id", undefined],
    ] as const)("%# compliant as built, non-compliant when %s is changed", (rule, attr, value) => {
      expect(statusOf(rule, trailJson, "aws_cloudtrail")).toBe("compliant");
      const json = editFirst(trailJson, "aws_cloudtrail", (t) =>
        value === undefined ? delete t[attr] : (t[attr] = value),
      );
      expect(statusOf(rule, json, "aws_cloudtrail")).toBe("non-compliant");
    });
  });

  describe("cloudtrail-data-events-exclude-logs", () => {
    const rule = rules.cloudTrailDataEventsExcludeLogs;
    const selectors = (json: Json) =>
      json.resource.aws_cloudtrail[only("aws_cloudtrail", json)].advanced_event_selector;
    test("compliant: the archive is excluded", () =>
      expect(statusOf(rule, trailJson, "aws_cloudtrail")).toBe("compliant"));
    test("non-compliant: the exclusion is gone", () => {
      const json = clone(trailJson);
      const arn = selectors(json)[1].field_selector.find((f: Json) => f.field === "resources.ARN");
      arn.not_starts_with = ["arn:aws:s3:::something-else/"];
      expect(reasonOf(rule, json, "aws_cloudtrail")).toBe(
        '"S3 data events (write), all buckets except log buckets" does not exclude arn:aws:s3:::example-cloudtrail-archive-222222222222/',
      );
    });
    test("non-compliant: a selector names the archive", () => {
      const json = clone(trailJson);
      const arn = selectors(json)[1].field_selector.find((f: Json) => f.field === "resources.ARN");
      delete arn.not_starts_with;
      arn.starts_with = ["arn:aws:s3:::example-cloudtrail-archive-222222222222/"];
      expect(statusOf(rule, json, "aws_cloudtrail")).toBe("non-compliant");
    });
    test("non-compliant: basic event selectors with S3 data resources", () => {
      const json = editFirst(trailJson, "aws_cloudtrail", (t) => {
        delete t.advanced_event_selector;
        t.event_selector = [{ data_resource: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }];
      });
      expect(statusOf(rule, json, "aws_cloudtrail")).toBe("non-compliant");
    });
  });

  describe("sns-topic-cmk", () => {
    const rule = rules.snsTopicCmk;
    test("compliant: customer managed key", () => {
      expect(statusOf(rule, topicJson("arn:aws:kms:eu-west-1:111111111111:key/k"), "aws_sns_topic")).toBe("compliant");
    });
    test.each([undefined, "alias/aws/sns"])("non-compliant: %s", (kms) => {
      expect(statusOf(rule, topicJson(kms), "aws_sns_topic")).toBe("non-compliant");
    });
  });

  describe("athena-workgroup-enforced", () => {
    const rule = rules.athenaWorkgroupEnforced;
    const workgroup = (configuration?: Json): Json =>
      JSON.parse(Testing.synthScope((s) => void new AthenaWorkgroup(s, "w", { name: "w", configuration })));
    const enforced = {
      enforceWorkgroupConfiguration: true,
      bytesScannedCutoffPerQuery: 10485760,
      resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: "arn:aws:kms:k" } },
    };
    test("compliant: enforced, limited, KMS-encrypted results", () =>
      expect(statusOf(rule, workgroup(enforced), "aws_athena_workgroup")).toBe("compliant"));
    test("non-compliant, with every reason: nothing set", () => {
      expect(reasonOf(rule, workgroup(), "aws_athena_workgroup")).toBe(
        "queries may override its settings; no per-query scan limit; results encrypted with nothing, not a KMS key",
      );
    });
    test("non-compliant: SSE-S3 results", () => {
      const sseS3 = { ...enforced, resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_S3" } } };
      expect(reasonOf(rule, workgroup(sseS3), "aws_athena_workgroup")).toBe(
        "results encrypted with SSE_S3, not a KMS key",
      );
    });
  });

  describe("log-group-retention", () => {
    const rule = rules.logGroupRetention;
    const group = (days?: number): Json =>
      JSON.parse(Testing.synthScope((s) => void new CloudwatchLogGroup(s, "g", { name: "g", retentionInDays: days })));
    test("compliant: 365 days", () => expect(statusOf(rule, group(365), "aws_cloudwatch_log_group")).toBe("compliant"));
    test("non-compliant: never expire", () =>
      expect(statusOf(rule, group(), "aws_cloudwatch_log_group")).toBe("non-compliant"));
  });

  describe("iam-no-wildcard-action", () => {
    const rule = rules.iamNoWildcardAction;
    test("compliant: named actions (the trail's delivery policy)", () => {
      expect(statusOf(rule, trailJson, "aws_iam_role_policy")).toBe("compliant");
    });
    test("non-compliant: Action *", () => {
      const json = iamJson({ Sid: "All", Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" });
      expect(reasonOf(rule, json, "aws_iam_role_policy")).toBe('statement All allows Action "*"');
    });
  });

  describe("iam-no-unconditioned-write-everywhere", () => {
    const rule = rules.iamNoUnconditionedWriteEverywhere;
    test.each([
      ["reads on *", { Effect: "Allow", Action: ["s3:GetObject", "s3:ListAllMyBuckets"], Resource: "*" }],
      [
        "writes with a condition",
        {
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceAccount": "1" } },
        },
      ],
      ["writes on named resources", { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }],
    ])("compliant: %s", (_what, statement) => {
      expect(statusOf(rule, iamJson(statement), "aws_iam_role_policy")).toBe("compliant");
    });
    test("non-compliant: writes on * with no condition", () => {
      const json = iamJson({
        Sid: "W",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutBucketPolicy"],
        Resource: "*",
      });
      expect(reasonOf(rule, json, "aws_iam_role_policy")).toBe(
        'statement W allows s3:PutBucketPolicy on "*" without a condition',
      );
    });
    test("a wildcard verb is not read-only", () => {
      expect([isReadOnlyAction("s3:Get*"), isReadOnlyAction("s3:*"), isReadOnlyAction("s3:Put*")]).toEqual([
        true,
        false,
        false,
      ]);
    });
  });

  // Ways to get past a rule that a review found; each must be caught.
  describe("s3-policy-not-public", () => {
    const rule = rules.s3PolicyNotPublic;
    const withStatement = (statement: Json) =>
      editFirst(bucketJson, "aws_s3_bucket_policy", (r) => {
        const doc = JSON.parse(r.policy);
        doc.Statement.push({ Sid: "Extra", Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...statement });
        r.policy = JSON.stringify(doc);
      });
    test("compliant: a grant to everyone pinned to the organization; the TLS deny", () => {
      expect(statusOf(rule, bucketJson, "aws_s3_bucket")).toBe("compliant");
      const org = withStatement({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } });
      expect(statusOf(rule, org, "aws_s3_bucket")).toBe("compliant");
      const vpce = withStatement({
        Principal: { AWS: ["*"] },
        Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
      });
      expect(statusOf(rule, vpce, "aws_s3_bucket")).toBe("compliant");
    });
    test.each([
      ["everyone, no condition", { Principal: "*" }],
      [
        '{"AWS": ["*"]} under TLS only',
        { Principal: { AWS: ["*"] }, Condition: { Bool: { "aws:SecureTransport": "true" } } },
      ],
      ["0.0.0.0/0", { Principal: { AWS: "*" }, Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } } }],
      [
        "a wildcard principal ARN",
        { Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } } },
      ],
      ["a negated key", { Principal: "*", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc" } } }],
      ["a Referer", { Principal: "*", Condition: { StringLike: { "aws:Referer": "https://example.com/*" } } }],
    ])("non-compliant: %s", (_what, statement) => {
      const json = withStatement(statement);
      expect(statusOf(rule, json, "aws_s3_bucket")).toBe("non-compliant");
      expect(reasonOf(rule, json, "aws_s3_bucket")).toBe("public statement Extra");
    });
  });

  describe("same-stack-reference", () => {
    const rule = rules.sameStackReference;
    const logsId = (json: Json) =>
      Object.entries(json.resource.aws_s3_bucket).find(([, b]: [string, any]) => b.bucket === "example-logs")![0];
    test("compliant: logsFor references the target and waits for its policy", () => {
      expect(statusOf(rule, loggedJson, "aws_s3_bucket_logging")).toBe("compliant");
    });
    test("non-compliant: the target by its name, with no ordering edge", () => {
      const json = editFirst(loggedJson, "aws_s3_bucket_logging", (l) => {
        l.target_bucket = "example-logs";
        delete l.depends_on;
      });
      expect(statusOf(rule, json, "aws_s3_bucket_logging")).toBe("non-compliant");
      expect(reasonOf(rule, json, "aws_s3_bucket_logging")).toBe(
        `target_bucket names aws_s3_bucket.${logsId(json)} ("example-logs") by a literal, with no reference or depends_on`,
      );
    });
    test("compliant: the name, with depends_on on the bucket", () => {
      const json = editFirst(loggedJson, "aws_s3_bucket_logging", (l) => {
        l.target_bucket = "example-logs";
        l.depends_on = [`aws_s3_bucket.${logsId(loggedJson)}`];
      });
      expect(statusOf(rule, json, "aws_s3_bucket_logging")).toBe("compliant");
    });
    test("compliant: a name of a bucket in another stack (nothing here to order)", () => {
      const json = editFirst(loggedJson, "aws_s3_bucket_logging", (l) => (l.target_bucket = "example-elsewhere"));
      expect(statusOf(rule, json, "aws_s3_bucket_logging")).toBe("compliant");
    });
    test("non-compliant: a replication destination of the same stack by its ARN", () => {
      const json = JSON.parse(
        Testing.synthScope((s) => {
          new HardenedBucket(s, "archive", { bucketName: "example-archive" });
          new AccessLogBucket(s, "logs", {
            bucketName: "example-logs",
            accountId: "111111111111",
            replication: {
              destination: HardenedBucket.fromName("example-archive"),
              destinationAccountId: "111111111111",
              roleName: "r",
            },
          });
        }),
      );
      expect(reasonOf(rule, json, "aws_s3_bucket_replication_configuration")).toMatch(
        /^rule\.destination\.bucket names aws_s3_bucket\.\S+ \("arn:aws:s3:::example-archive"\)/,
      );
    });
    test("non-compliant: a role of the same stack named as a principal in a bucket policy", () => {
      const json = clone(loggedJson);
      json.resource.aws_iam_role = { reader: { name: "reader", assume_role_policy: "{}" } };
      const policyId = Object.keys(json.resource.aws_s3_bucket_policy)[0];
      const doc = JSON.parse(json.resource.aws_s3_bucket_policy[policyId].policy);
      doc.Statement.push({
        Sid: "Reader",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:role/reader" },
        Action: "s3:GetObject",
        Resource: "*",
      });
      json.resource.aws_s3_bucket_policy[policyId].policy = JSON.stringify(doc);
      const view = new StackView(json as StackJson);
      expect(rule.evaluate(view.get(`aws_s3_bucket_policy.${policyId}`)!, view).reason).toBe(
        'policy principal names aws_iam_role.reader ("arn:aws:iam::111111111111:role/reader") by a literal, with no reference or depends_on',
      );
    });
  });

  describe("policy-size-limits", () => {
    const rule = rules.policySizeLimits;
    const accounts = (n: number) =>
      Array.from({ length: n }, (_, i) => `arn:aws:iam::${String(i).padStart(12, "0")}:root`);
    test("compliant: the baseline's own policies", () => {
      expect(statusOf(rule, bucketJson, "aws_s3_bucket_policy")).toBe("compliant");
      expect(Object.values(judge(rule, trailJson)).every((s) => s === "compliant")).toBe(true);
    });
    test("non-compliant: a bucket policy that lists every account of a large organization", () => {
      const json = editFirst(bucketJson, "aws_s3_bucket_policy", (r) => {
        const doc = JSON.parse(r.policy);
        doc.Statement.push({
          Effect: "Allow",
          Principal: { AWS: accounts(1000) },
          Action: "s3:GetObject",
          Resource: "*",
        });
        r.policy = JSON.stringify(doc);
      });
      expect(reasonOf(rule, json, "aws_s3_bucket_policy")).toMatch(/^S3 bucket policy is \d+ of at most 20480$/);
    });
    test("non-compliant: inline policies of one role that are each small but together too large", () => {
      const big = (sid: string) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: accounts(200).map((a) => `${a}x`) },
          ],
        });
      const json = {
        resource: {
          aws_iam_role_policy: {
            a: { role: "${aws_iam_role.r.id}", policy: big("A") },
            b: { role: "${aws_iam_role.r.id}", policy: big("B") },
            c: { role: "${aws_iam_role.other.id}", policy: big("C") },
          },
        },
      };
      const statuses = judge(rule, json);
      expect(policySize(big("A"))!).toBeLessThan(10240);
      expect(statuses).toEqual({
        "aws_iam_role_policy.a": "non-compliant",
        "aws_iam_role_policy.b": "non-compliant",
        "aws_iam_role_policy.c": "compliant",
      });
    });
    test("an event pattern over 2,048 characters: the forwarding rule's own stays inside", () => {
      const rulePattern = (pattern: unknown) => ({
        resource: { aws_cloudwatch_event_rule: { r: { name: "r", event_pattern: JSON.stringify(pattern) } } },
      });
      const forwarding = forwardingPattern(DETECTIONS, RESPONDER_EVENT_NAMES);
      expect(judge(rule, rulePattern(forwarding))).toEqual({ "aws_cloudwatch_event_rule.r": "compliant" });
      const tooBig = { source: ["aws.s3"], detail: { eventName: accounts(80) } };
      expect(judge(rule, rulePattern(tooBig))).toEqual({ "aws_cloudwatch_event_rule.r": "non-compliant" });
    });
    test("a trust policy over 2,048 characters", () => {
      const json = {
        resource: {
          aws_iam_role: {
            r: {
              name: "r",
              assume_role_policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: accounts(60) }, Action: "sts:AssumeRole" }],
              }),
            },
          },
        },
      };
      expect(reasonOf(rule, json, "aws_iam_role")).toMatch(/^role trust policy is \d+ of at most 2048$/);
    });
    test("sizes count without white space, a reference as a long ARN, $${ as one character", () => {
      expect(policySize('{ "a" : "b" }')).toBe(9);
      expect(policySize('{"a":"${aws_s3_bucket.x.arn}"}')).toBe(8 + 128);
      expect(policySize('{"a":"$${aws:PrincipalAccount}"}')).toBe(31);
    });
  });

  describe("supported-conditions", () => {
    const rule = rules.supportedConditions;
    test("compliant: the trail's delivery role trusts CloudTrail without aws:Source*", () => {
      expect(statusOf(rule, trailJson, "aws_iam_role")).toBe("compliant");
    });
    test("non-compliant: aws:SourceArn in the trail's CloudWatch Logs role trust", () => {
      const json = editFirst(trailJson, "aws_iam_role", (r) => {
        const doc = JSON.parse(r.assume_role_policy);
        doc.Statement[0].Condition = { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:1:trail/t" } };
        r.assume_role_policy = JSON.stringify(doc);
      });
      expect(reasonOf(rule, json, "aws_iam_role")).toMatch(
        /^aws:SourceArn on cloudtrail\.amazonaws\.com, which does not support it: CloudTrail rejects/,
      );
    });
    test("non-compliant: aws:SourceAccount in a key statement for EventBridge; compliant for CloudWatch", () => {
      const keyJson = (service: string) => ({
        resource: {
          aws_kms_key: {
            k: {
              policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Principal: { Service: service },
                    Action: "kms:GenerateDataKey*",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
                  },
                ],
              }),
            },
          },
        },
      });
      expect(statusOf(rule, keyJson("cloudwatch.amazonaws.com"), "aws_kms_key")).toBe("compliant");
      expect(reasonOf(rule, keyJson("events.amazonaws.com"), "aws_kms_key")).toMatch(
        /^aws:SourceAccount on events\.amazonaws\.com, which does not support it: EventBridge cannot publish/,
      );
    });
  });

  describe("regressions: configurations that must not pass", () => {
    const policyOf = (statement: Json) => iamJson(statement);
    test.each([
      [
        "NotAction allows everything else",
        { Sid: "N", Effect: "Allow", NotAction: "iam:*", Resource: "*" },
        rules.iamNoWildcardAction,
      ],
      [
        "NotAction on *, unconditioned",
        { Sid: "N", Effect: "Allow", NotAction: "iam:*", Resource: "*" },
        rules.iamNoUnconditionedWriteEverywhere,
      ],
      [
        "NotResource is everywhere",
        { Sid: "R", Effect: "Allow", Action: "s3:DeleteObject", NotResource: "arn:aws:s3:::keep/*" },
        rules.iamNoUnconditionedWriteEverywhere,
      ],
      [
        "a wildcard-only ARN is everywhere",
        { Sid: "W", Effect: "Allow", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::*" },
        rules.iamNoUnconditionedWriteEverywhere,
      ],
      [
        "an empty condition narrows nothing",
        { Sid: "C", Effect: "Allow", Action: "s3:DeleteObject", Resource: "*", Condition: {} },
        rules.iamNoUnconditionedWriteEverywhere,
      ],
    ] as const)("%s", (_what, statement, rule) => {
      expect(statusOf(rule, policyOf(statement), "aws_iam_role_policy")).toBe("non-compliant");
    });

    test("a policy that cannot be read at synth time is reported, not waved through", () => {
      const json = clone(iamJson({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }));
      json.resource.aws_iam_role_policy.p.policy = "${data.aws_iam_policy_document.x.json}";
      expect(reasonOf(rules.iamNoWildcardAction, json, "aws_iam_role_policy")).toBe(
        "the policy cannot be analysed at synth time (a reference or function call)",
      );
    });

    test("attaching AdministratorAccess", () => {
      const json = {
        resource: {
          aws_iam_role_policy_attachment: {
            a: { role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" },
          },
        },
      };
      expect(statusOf(rules.iamNoWildcardAction, json, "aws_iam_role_policy_attachment")).toBe("non-compliant");
    });

    test("a malformed statement list does not crash the rules", () => {
      const json = clone(iamJson({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }));
      json.resource.aws_iam_role_policy.p.policy = JSON.stringify({
        Statement: [null, { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      });
      expect(statusOf(rules.iamNoUnconditionedWriteEverywhere, json, "aws_iam_role_policy")).toBe("compliant");
    });

    test("inline logging into the bucket itself", () => {
      const json = editFirst(bucketJson, "aws_s3_bucket", (b) => (b.logging = [{ target_bucket: b.bucket }]));
      expect(statusOf(rules.s3LoggingNotToItself, json, "aws_s3_bucket")).toBe("non-compliant");
      expect(statusOf(rules.s3AccessLogging, json, "aws_s3_bucket")).not.toBe("non-compliant");
    });

    test("an access-log target with array-form SSE-KMS, or inline Object Lock", () => {
      const logsAddress = (json: Json) =>
        `aws_s3_bucket.${Object.entries(json.resource.aws_s3_bucket).find(([, b]: [string, any]) => b.bucket === "example-logs")![0]}`;
      const kms = clone(loggedJson);
      for (const c of Object.values(kms.resource.aws_s3_bucket_server_side_encryption_configuration) as Json[]) {
        c.rule[0].apply_server_side_encryption_by_default = [{ sse_algorithm: "aws:kms" }];
      }
      expect(judge(rules.s3AccessLogTarget, kms)[logsAddress(kms)]).toBe("non-compliant");
      const locked = clone(loggedJson);
      locked.resource.aws_s3_bucket[logsAddress(locked).split(".")[1]].object_lock_configuration = [
        { object_lock_enabled: "Enabled" },
      ];
      expect(judge(rules.s3AccessLogTarget, locked)[logsAddress(locked)]).toBe("non-compliant");
    });

    test("a TLS deny narrowed by another condition", () => {
      const json = editFirst(bucketJson, "aws_s3_bucket_policy", (r) => {
        const doc = JSON.parse(r.policy);
        doc.Statement[0].Condition.StringEquals = { "aws:PrincipalAccount": "111111111111" };
        r.policy = JSON.stringify(doc);
      });
      expect(statusOf(rules.s3TlsOnly, json, "aws_s3_bucket")).toBe("non-compliant");
    });

    test("a trail writing to a bucket with dots in its name, not excluded", () => {
      const json = editFirst(trailJson, "aws_cloudtrail", (t) => (t.s3_bucket_name = "audit.example.com"));
      expect(reasonOf(rules.cloudTrailDataEventsExcludeLogs, json, "aws_cloudtrail")).toMatch(
        /does not exclude arn:aws:s3:::audit\.example\.com\//,
      );
    });

    test("a trail whose bucket name is not known at synth time cannot be checked", () => {
      const json = editFirst(trailJson, "aws_cloudtrail", (t) => (t.s3_bucket_name = "${var.bucket}"));
      expect(reasonOf(rules.cloudTrailDataEventsExcludeLogs, json, "aws_cloudtrail")).toMatch(
        /^cannot check the exclusions/,
      );
    });

    test("a key that encrypts a log group counts as an audit-log key, whatever its policy says", () => {
      const json = editFirst(trailJson, "aws_kms_key", (k) => {
        delete k.lifecycle;
        k.policy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
          ],
        });
      });
      expect(reasonOf(rules.auditLogRetained, json, "aws_kms_key")).toBe("no prevent_destroy");
    });

    test("two public access blocks for one bucket", () => {
      const json = clone(bucketJson);
      const [name, block] = Object.entries(json.resource.aws_s3_bucket_public_access_block)[0] as [string, Json];
      json.resource.aws_s3_bucket_public_access_block[`${name}-2`] = { ...block, block_public_policy: false };
      expect(reasonOf(rules.s3BlockPublicAccess, json, "aws_s3_bucket")).toBe(
        "2 public access blocks: S3 keeps only the last applied",
      );
    });
  });

  describe("regressions: configurations that must pass", () => {
    test("versioning written as a list, or inline", () => {
      const listed = editFirst(
        bucketJson,
        "aws_s3_bucket_versioning",
        (v) => (v.versioning_configuration = [{ status: "Enabled" }]),
      );
      expect(statusOf(rules.s3Versioning, listed, "aws_s3_bucket")).toBe("compliant");
      const inline = editFirst(
        withoutType(bucketJson, "aws_s3_bucket_versioning"),
        "aws_s3_bucket",
        (b) => (b.versioning = [{ enabled: true }]),
      );
      expect(statusOf(rules.s3Versioning, inline, "aws_s3_bucket")).toBe("compliant");
    });

    test('aws:SecureTransport given as ["false"]', () => {
      const json = editFirst(bucketJson, "aws_s3_bucket_policy", (r) => {
        const doc = JSON.parse(r.policy);
        doc.Statement[0].Condition.Bool["aws:SecureTransport"] = ["false"];
        r.policy = JSON.stringify(doc);
      });
      expect(statusOf(rules.s3TlsOnly, json, "aws_s3_bucket")).toBe("compliant");
    });
  });
});
