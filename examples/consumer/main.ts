// An app in your own repository: the organization's stacks from your configuration
// file, and a stack of your own built from the same constructs.
import { App } from "cdktf";
import { AccessLogBucket, AlarmTopic, BucketBaseline, ResourceNames } from "s3-audit-baseline";
import { DEFAULT_CONFIG_PATH, loadConfigFile } from "s3-audit-baseline/config";
import { AccountStack, synthesizeOrganization } from "s3-audit-baseline/stacks";

async function main(): Promise<void> {
  // Your organization.yaml; the package's example organization stands in for it here.
  const config = loadConfigFile(process.env["BASELINE_CONFIG"] ?? DEFAULT_CONFIG_PATH);
  const app = new App();

  // A stack of your own in one account and region. Its provider assumes the
  // deployment role there; it tags everything, keeps its state in the configured
  // backend, and fails synthesis on any guardrail violation. Constructs inside take
  // their account and region from it.
  const account = "444444444444";
  const region = "eu-west-1";
  const stack = new AccountStack(app, "data-platform", { config, accountId: account, region });

  // The account's access-log bucket for the region is the organization's baseline
  // stack's: reach it by name. Your buckets get the same baseline as the declared ones.
  const names = new ResourceNames({ prefix: config.organization.name });
  const accessLogs = AccessLogBucket.fromName(names.accessLogBucket(account, region));
  const alarms = new AlarmTopic(stack, "bucket-alarms", { topicName: "data-platform-bucket-alarms" });
  new BucketBaseline(stack, "raw-data", {
    bucketName: `${config.organization.name}-data-platform-raw`,
    accessLogs,
    encryption: "SSE-KMS",
    alarmTopic: alarms,
    namePrefix: "data-platform",
  });

  // Every stack of the organization and yours, all checked before any is written.
  await synthesizeOrganization(app, config);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
