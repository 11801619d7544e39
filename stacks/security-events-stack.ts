import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { OrganizationConfig } from "../config/schema";
import { topology } from "../config/topology";
import { AlarmTopic } from "../modules/alarm-topic";
import { DETECTIONS, enabledFindings, type ServiceFinding } from "../modules/detections";
import { SecurityEventBus } from "../modules/security-events";
import { SecurityResponder } from "../modules/security-responder";
import { AccountStack } from "./account-stack";

/** The findings of the audit services the configuration keeps on. */
export function auditFindings(config: OrganizationConfig): ServiceFinding[] {
  return enabledFindings({
    config: config.audit.config.enabled,
    accessAnalyzer: config.audit.accessAnalyzer.enabled,
    trustedAdvisor: config.audit.trustedAdvisor.enabled,
  });
}

/**
 * The central EventBridge bus for S3 security events (security account, or the
 * trail's account when there is none), home region: open to the organization only,
 * one rule per real-time detection and per audit finding, readable notifications to an encrypted topic, and
 * the security responder that restores the baseline after the S3 events it answers.
 */
export class SecurityEventsStack extends AccountStack {
  readonly bus: SecurityEventBus;
  readonly topic: AlarmTopic;

  constructor(scope: Construct, id: string, config: OrganizationConfig) {
    const { securityEventsAccountId, homeRegion } = topology(config);
    super(scope, id, { config, accountId: securityEventsAccountId, region: homeRegion });

    this.topic = new AlarmTopic(this, "notification-topic", {
      topicName: `${this.names.securityEventBus()}-notifications`,
      emails: config.notifications.emails,
      httpsEndpoints: config.notifications.httpsEndpoints,
    });
    this.bus = new SecurityEventBus(this, "security-events", {
      busName: this.names.securityEventBus(),
      organizationId: config.organization.id,
      detections: DETECTIONS,
      findings: auditFindings(config),
      topic: this.topic,
      namePrefix: config.organization.name,
      runbookBaseUrl: config.notifications.runbookBaseUrl,
    });
    new SecurityResponder(this, "security-responder", {
      functionName: this.names.securityResponder(),
      busName: this.bus.bus.name,
      topic: this.topic,
      organizationId: config.organization.id,
      remediationRoleName: this.names.securityRemediationRole(),
      accessLogBucketPrefix: this.names.accessLogBucketPrefix(),
      declaredConfigurationPrefix: this.names.declaredConfigurationPrefix(),
      dryRun: config.responder.dryRun,
      exceptionTag: config.responder.exceptionTag,
      logRetentionDays: config.trail.cloudWatchLogsRetentionDays,
      reservedConcurrency: config.lambda.reservedConcurrency.securityResponder,
    });
    new TerraformOutput(this, "bus_arn", { value: this.bus.bus.arn });
  }
}
