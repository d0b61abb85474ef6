import nodemailer from "nodemailer";
import type { NotificationOutboxRow } from "./outbox";

export interface MailSettings {
  /** smtp:// (STARTTLS) or smtps:// (TLS from the first byte); credentials in the URL. */
  url: string;
  from: string;
  caPem?: string;
  requireTls: boolean;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type MailSender = (message: MailMessage) => Promise<void>;

/** Sends through the configured SMTP server, one pooled connection per console. */
export function smtpSender(settings: MailSettings): MailSender {
  // The URL is taken apart here rather than handed to nodemailer, whose URL options would override the TLS ones.
  const url = new URL(settings.url);
  const secure = url.protocol === "smtps:";
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 2,
    requireTLS: settings.requireTls && !secure,
    tls: settings.caPem ? { ca: settings.caPem } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // nodemailer's logger would print the server dialogue, AUTH included: never.
    logger: false,
    debug: false,
  });
  return async (message) => {
    await transport.sendMail({ from: settings.from, ...message });
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The e-mail for an outbox row: its text, a link into the console, and where to mute it. Built
 * only from the row, which never holds a secret (notices name keys, never their values).
 */
export function composeMail(
  row: Pick<NotificationOutboxRow, "recipient" | "subject" | "bodyText" | "link">,
  consoleUrl: string,
): MailMessage {
  const base = consoleUrl.replace(/\/+$/, "");
  const link = row.link ? `${base}${row.link}` : base;
  const mute = `${base}/notifications`;
  const text = `${row.bodyText}\n\nOpen in Keyward: ${link}\n\n--\nKeyward. To stop these, mute the event on ${mute}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">
<p>${escapeHtml(row.bodyText)}</p>
<p><a href="${escapeHtml(link)}">Open in Keyward</a></p>
<p style="color:#666;font-size:12px">Keyward. To stop these, <a href="${escapeHtml(mute)}">mute the event</a>.</p>
</body></html>`;
  return { to: row.recipient, subject: `[Keyward] ${row.subject}`, text, html };
}
