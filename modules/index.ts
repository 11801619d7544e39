// The public API of s3-audit-baseline for other repositories. Re-exports only.
export * from "./naming";
export * from "./iam";
export * from "./hardened-bucket";
export * from "./access-log-bucket";
export * from "./cloudtrail-archive";
export * from "./organization-trail";
export * from "./guardrails";
export * from "./detections";
export * from "./alarm-topic";
export * from "./detection-alarms";
export * from "./security-events";
export * from "./bucket-baseline";
export * from "./s3-dashboard";
export * from "./access-log-processor";
export * from "./security-responder";
export * from "./baseline-function";
export * from "./release";
