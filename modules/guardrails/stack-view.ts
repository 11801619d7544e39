import type { ResourceJson } from "./types";

// Terraform JSON is untyped by nature.
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
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
    return asList(doc.Statement);
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

  constructor(json: StackJson) {
    this.resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({ type, name, address: `${type}.${name}`, config })),
    );
    for (const r of this.resources) this.byAddress.set(r.address, r);
  }

  get(address: string): ResourceJson | undefined {
    return this.byAddress.get(address);
  }

  ofType(type: string): ResourceJson[] {
    return this.resources.filter((r) => r.type === type);
  }

  /**
   * The aws_s3_bucket a value designates: a reference such as
   * `${aws_s3_bucket.x.id}` or `${aws_s3_bucket.x.bucket}`, or a literal bucket name.
   */
  bucket(value: unknown): ResourceJson | undefined {
    if (typeof value !== "string") return undefined;
    const ref = REF.exec(value);
    if (ref) return ref[1] === "aws_s3_bucket" ? this.get(`aws_s3_bucket.${ref[2]}`) : undefined;
    return this.ofType("aws_s3_bucket").find((b) => b.config.bucket === value);
  }

  /** The bucket's name, or its address when the name is not known at synth time. */
  bucketName(bucket: ResourceJson): string {
    return typeof bucket.config.bucket === "string" && !bucket.config.bucket.includes("${")
      ? bucket.config.bucket
      : bucket.address;
  }

  /** The resources of `type` whose `bucket` attribute designates `bucket`. */
  subresources(bucket: ResourceJson, type: string): ResourceJson[] {
    return this.ofType(type).filter((r) => this.bucket(r.config.bucket)?.address === bucket.address);
  }

  /** Buckets that receive server access logs in this stack. */
  accessLogTargets(): ResourceJson[] {
    const targets = this.ofType("aws_s3_bucket_logging")
      .map((l) => this.bucket(l.config.target_bucket))
      .filter((b): b is ResourceJson => b !== undefined);
    return [...new Map(targets.map((t) => [t.address, t])).values()];
  }

  /** The bucket policy statements of a bucket (all its aws_s3_bucket_policy resources). */
  bucketPolicy(bucket: ResourceJson): PolicyStatementJson[] | undefined {
    const policies = this.subresources(bucket, "aws_s3_bucket_policy");
    if (policies.length === 0) return undefined;
    return policies.flatMap((p) => policyStatements(p.config.policy) ?? []);
  }

  /**
   * Buckets that hold audit logs: server-access-log targets, trail destinations, and
   * buckets whose policy lets a log-delivery service write.
   */
  isAuditLogBucket(bucket: ResourceJson): boolean {
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
