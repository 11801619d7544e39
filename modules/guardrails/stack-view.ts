import type { ResourceJson } from "./types";

// Terraform JSON is untyped by nature.
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
}

/** One server-access-logging edge: from a separate aws_s3_bucket_logging, or inline. */
export interface LoggingEdge {
  /** The resource that declares it. */
  readonly declaredBy: ResourceJson;
  readonly source?: ResourceJson;
  readonly target?: ResourceJson;
  /** The values as written, for buckets outside this stack. */
  readonly rawSource: unknown;
  readonly rawTarget: unknown;
}

export interface PolicyStatementJson {
  Sid?: string;
  Effect?: string;
  Principal?: any;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export const asList = <T>(v: T | T[] | undefined | null): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

/** Whether an IAM action pattern (`*`, `?` wildcards) covers an action. */
export function actionCovers(pattern: string, action: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "i").test(action);
}

/** Parses a policy document; undefined when it is not JSON (e.g. a bare reference). */
export function policyStatements(policy: unknown): PolicyStatementJson[] | undefined {
  if (typeof policy !== "string") return undefined;
  try {
    const doc = JSON.parse(policy) as { Statement?: PolicyStatementJson | PolicyStatementJson[] };
    return asList(doc.Statement).filter((st): st is PolicyStatementJson => typeof st === "object" && st !== null);
  } catch {
    return undefined;
  }
}

/** Service principals a statement names. */
export function servicePrincipals(s: PolicyStatementJson): string[] {
  return typeof s.Principal === "object" && s.Principal ? asList<string>(s.Principal.Service) : [];
}

const REF = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}$/;

/**
 * The resources of one synthesized stack, indexed, with the lookups rules need: which
 * bucket an S3 sub-resource configures, and which sub-resources a bucket has.
 */
export class StackView {
  readonly resources: ResourceJson[];
  private readonly byAddress = new Map<string, ResourceJson>();
  private readonly byType = new Map<string, ResourceJson[]>();
  // The JSON does not change, so every derived index is built once, on first use:
  // rules ask per resource, and a stack can hold hundreds of buckets.
  private readonly memo = new Map<string, unknown>();

  constructor(json: StackJson) {
    this.resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({ type, name, address: `${type}.${name}`, config })),
    );
    for (const r of this.resources) {
      this.byAddress.set(r.address, r);
      this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
    }
  }

  private once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  get(address: string): ResourceJson | undefined {
    return this.byAddress.get(address);
  }

  ofType(type: string): readonly ResourceJson[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * The aws_s3_bucket a value designates: a reference such as
   * `${aws_s3_bucket.x.id}` or `${aws_s3_bucket.x.bucket}`, or a literal bucket name.
   */
  bucket(value: unknown): ResourceJson | undefined {
    if (typeof value !== "string") return undefined;
    const ref = REF.exec(value);
    if (ref) return ref[1] === "aws_s3_bucket" ? this.get(`aws_s3_bucket.${ref[2]}`) : undefined;
    const byName = this.once("bucketsByName", () => {
      const index = new Map<unknown, ResourceJson>();
      for (const b of this.ofType("aws_s3_bucket")) if (!index.has(b.config.bucket)) index.set(b.config.bucket, b);
      return index;
    });
    return byName.get(value);
  }

  /** The bucket's name; undefined when it is not known at synth time. */
  bucketName(bucket: ResourceJson): string | undefined {
    const name = bucket.config.bucket;
    return typeof name === "string" && !name.includes("${") ? name : undefined;
  }

  /** The resources of `type` whose `bucket` attribute designates `bucket`. */
  subresources(bucket: ResourceJson, type: string): readonly ResourceJson[] {
    const byBucket = this.once(`subresources:${type}`, () => {
      const index = new Map<string, ResourceJson[]>();
      for (const r of this.ofType(type)) {
        const address = this.bucket(r.config.bucket)?.address;
        if (address) index.set(address, [...(index.get(address) ?? []), r]);
      }
      return index;
    });
    return byBucket.get(bucket.address) ?? [];
  }

  /** Every server-access-logging edge, separate resources and inline `logging` blocks. */
  loggingEdges(): readonly LoggingEdge[] {
    return this.once("loggingEdges", () => this.findLoggingEdges());
  }

  private findLoggingEdges(): LoggingEdge[] {
    const separate = this.ofType("aws_s3_bucket_logging").map((l) => ({
      declaredBy: l,
      source: this.bucket(l.config.bucket),
      target: this.bucket(l.config.target_bucket),
      rawSource: l.config.bucket,
      rawTarget: l.config.target_bucket,
    }));
    const inline = this.ofType("aws_s3_bucket").flatMap((b) =>
      asList<{ target_bucket?: unknown }>(b.config.logging).map((l) => ({
        declaredBy: b,
        source: b,
        target: this.bucket(l.target_bucket),
        rawSource: b.config.bucket,
        rawTarget: l.target_bucket,
      })),
    );
    return [...separate, ...inline];
  }

  /** Buckets that receive server access logs in this stack. */
  accessLogTargets(): readonly ResourceJson[] {
    return this.once("accessLogTargets", () => {
      const targets = this.loggingEdges()
        .map((e) => e.target)
        .filter((b): b is ResourceJson => b !== undefined);
      return [...new Map(targets.map((t) => [t.address, t])).values()];
    });
  }

  /** Default-encryption algorithms of a bucket, from separate and inline configuration. */
  encryptionAlgorithms(bucket: ResourceJson): string[] {
    const rules = [
      ...this.subresources(bucket, "aws_s3_bucket_server_side_encryption_configuration").flatMap((c) =>
        asList(c.config.rule),
      ),
      ...asList<{ rule?: unknown }>(bucket.config.server_side_encryption_configuration).flatMap((c) => asList(c.rule)),
    ] as { apply_server_side_encryption_by_default?: unknown }[];
    return rules
      .flatMap((r) => asList<{ sse_algorithm?: string }>(r.apply_server_side_encryption_by_default as never))
      .map((d) => d.sse_algorithm)
      .filter((a): a is string => typeof a === "string");
  }

  /** Whether a bucket has Object Lock, enabled at creation or configured. */
  hasObjectLock(bucket: ResourceJson): boolean {
    return (
      bucket.config.object_lock_enabled === true ||
      asList(bucket.config.object_lock_configuration).length > 0 ||
      this.subresources(bucket, "aws_s3_bucket_object_lock_configuration").length > 0
    );
  }

  /** The bucket policy statements of a bucket (all its aws_s3_bucket_policy resources). */
  bucketPolicy(bucket: ResourceJson): PolicyStatementJson[] | undefined {
    const policies = this.subresources(bucket, "aws_s3_bucket_policy");
    if (policies.length === 0) return undefined;
    return policies.flatMap((p) => policyStatements(p.config.policy) ?? []);
  }

  /** The aws_kms_key a value designates: `${aws_kms_key.x.arn}`, `.key_id` or `.id`. */
  kmsKey(value: unknown): ResourceJson | undefined {
    if (typeof value !== "string") return undefined;
    const ref = REF.exec(value);
    return ref && ref[1] === "aws_kms_key" ? this.get(`aws_kms_key.${ref[2]}`) : undefined;
  }

  /**
   * Keys that encrypt audit logs in this stack: a trail's key, a log group's key, and
   * the default-encryption key of an audit-log bucket.
   */
  auditLogKeys(): readonly ResourceJson[] {
    return this.once("auditLogKeys", () => this.findAuditLogKeys());
  }

  private findAuditLogKeys(): ResourceJson[] {
    const refs: unknown[] = [
      ...this.ofType("aws_cloudtrail").map((t) => t.config.kms_key_id),
      ...this.ofType("aws_cloudwatch_log_group").map((g) => g.config.kms_key_id),
    ];
    for (const b of this.ofType("aws_s3_bucket").filter((x) => this.isAuditLogBucket(x))) {
      for (const c of this.subresources(b, "aws_s3_bucket_server_side_encryption_configuration")) {
        for (const r of asList<{ apply_server_side_encryption_by_default?: unknown }>(c.config.rule)) {
          for (const d of asList<{ kms_master_key_id?: unknown }>(r.apply_server_side_encryption_by_default as never))
            refs.push(d.kms_master_key_id);
        }
      }
    }
    const keys = refs.map((r) => this.kmsKey(r)).filter((k): k is ResourceJson => k !== undefined);
    return [...new Map(keys.map((k) => [k.address, k])).values()];
  }

  /**
   * Buckets that hold audit logs: server-access-log targets, trail destinations, and
   * buckets whose policy lets a log-delivery service write.
   */
  isAuditLogBucket(bucket: ResourceJson): boolean {
    return this.once(`auditLogBucket:${bucket.address}`, () => this.holdsAuditLogs(bucket));
  }

  private holdsAuditLogs(bucket: ResourceJson): boolean {
    if (this.accessLogTargets().some((t) => t.address === bucket.address)) return true;
    if (this.ofType("aws_cloudtrail").some((t) => this.bucket(t.config.s3_bucket_name)?.address === bucket.address)) {
      return true;
    }
    const writers = ["cloudtrail.amazonaws.com", "logging.s3.amazonaws.com", "delivery.logs.amazonaws.com"];
    return (this.bucketPolicy(bucket) ?? []).some(
      (s) =>
        s.Effect === "Allow" &&
        servicePrincipals(s).some((p) => writers.includes(p)) &&
        asList(s.Action).some((a) => actionCovers(a, "s3:PutObject")),
    );
  }
}
