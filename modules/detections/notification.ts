import type { Severity } from "./types";

/** The lines of a readable notification, `<placeholders>` included. */
export interface NotificationLines {
  readonly severity: Severity;
  readonly title: string;
  readonly who: string;
  readonly what: string;
  readonly where: string;
  readonly how: string;
  /** The runbook's address. */
  readonly runbook: string;
}

/**
 * The one layout of every notification the central bus sends, detections and audit
 * findings alike: severity and title, WHO, WHAT, WHEN, WHERE, HOW, the runbook. As an
 * EventBridge input template: a JSON string in which EventBridge substitutes the
 * `<placeholders>` (`<when>` always names the time).
 */
export function notificationInputTemplate(n: NotificationLines): string {
  return JSON.stringify(
    [
      `[${n.severity.toUpperCase()}] ${n.title}`,
      `WHO:   ${n.who}`,
      `WHAT:  ${n.what}`,
      "WHEN:  <when>",
      `WHERE: ${n.where}`,
      `HOW:   ${n.how}`,
      `Runbook: ${n.runbook}`,
    ].join("\n"),
  );
}
