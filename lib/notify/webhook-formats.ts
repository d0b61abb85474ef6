/**
 * The shapes a webhook body can take. Pure and free of server imports: the Integrations form
 * lists the formats, the sender builds the bodies. Every body is made from the notice's subject,
 * text and console link only — the same words a notification shows, never a secret.
 */
export const WEBHOOK_FORMATS = ["standard", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const WEBHOOK_FORMAT_LABELS: Record<WebhookFormat, string> = {
  standard: "Standard Webhooks JSON",
  slack: "Slack message",
  teams: "Microsoft Teams card",
};

/** What one delivery says, as the outbox keeps it. */
interface WebhookMessage {
  event: string;
  subject: string;
  text: string;
  /** A console path ("/keys/…"); null sends the reader to the console's start page. */
  link: string | null;
  /** The Standard Webhooks payload kept with the delivery. */
  payload: unknown;
}

/** Slack's mrkdwn treats only these three as control characters (api.slack.com: formatting text). */
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function consoleLink(consoleUrl: string, link: string | null): string {
  const base = consoleUrl.replace(/\/+$/, "");
  return `${base}${link && link.startsWith("/") ? link : "/"}`;
}

function slackBody(m: WebhookMessage, url: string) {
  const details = m.text && m.text !== m.subject ? `\n${slackEscape(m.text)}` : "";
  return {
    // The notification's plain text (phones, screen readers) when the blocks are not shown.
    text: m.subject,
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: `*${slackEscape(m.subject)}*${details}\n<${url}|Open in Keyward>` },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `Keyward · ${slackEscape(m.event)}` }] },
    ],
  };
}

function teamsBody(m: WebhookMessage, url: string) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: m.subject, weight: "Bolder", size: "Medium", wrap: true },
            ...(m.text && m.text !== m.subject ? [{ type: "TextBlock", text: m.text, wrap: true }] : []),
            { type: "TextBlock", text: `Keyward · ${m.event}`, isSubtle: true, size: "Small", wrap: true },
          ],
          actions: [{ type: "Action.OpenUrl", title: "Open in Keyward", url }],
        },
      },
    ],
  };
}

/** The JSON body one endpoint receives, in its format. */
export function webhookBody(format: WebhookFormat, m: WebhookMessage, consoleUrl: string): string {
  if (format === "standard") return JSON.stringify(m.payload ?? {});
  const url = consoleLink(consoleUrl, m.link);
  return JSON.stringify(format === "slack" ? slackBody(m, url) : teamsBody(m, url));
}
