import type { auditEvents } from "@/lib/db/schema";

type AuditRow = typeof auditEvents.$inferSelect;

// Facility 10 (security/authorization), severity informational (6) or warning (4) for a failure or denial.
const FACILITY = 10;
/** Keyward's structured-data id: RFC 5424 wants name@<private enterprise number>; 32473 is the documentation number. */
const SD_ID = "keyward@32473";

const sdValue = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);
/** PRINTUSASCII without spaces, at most `max` characters, or the nil value. */
const token = (v: string | null | undefined, max: number) => {
  const t = (v ?? "").replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return t || "-";
};

/**
 * The whole event as a receiver gets it (the syslog message's body, an HTTP stream's line): its
 * id, which is the stream's cursor, and both chain hashes, so a SIEM can check the chain and
 * drop a duplicate that at-least-once delivery sent again.
 */
export function eventRecord(event: AuditRow) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    teamId: event.teamId,
    actorId: event.actorId,
    actorEmail: event.actorEmail,
    action: event.action,
    target: event.targetType ? { type: event.targetType, id: event.targetId } : null,
    outcome: event.outcome,
    detail: event.detail,
    prevHash: event.prevHash,
    hash: event.hash,
    keyed: event.keyed,
  };
}

/**
 * One audit event as an RFC 5424 message: the action as MSGID, the id, chain hash and previous
 * hash in structured data (so a SIEM can check the chain), and the whole event as JSON after a
 * BOM, as the RFC asks for UTF-8 text.
 */
export function syslogMessage(event: AuditRow, hostname: string): string {
  const severity = event.outcome === "success" ? 6 : 4;
  const sd = [
    `id="${event.id}"`,
    `hash="${sdValue(event.hash)}"`,
    `prevHash="${sdValue(event.prevHash)}"`,
    `outcome="${sdValue(event.outcome)}"`,
    `team="${sdValue(event.teamId ?? "")}"`,
  ].join(" ");
  const body = JSON.stringify(eventRecord(event));
  return `<${FACILITY * 8 + severity}>1 ${event.at.toISOString()} ${token(hostname, 255)} keyward - ${token(event.action, 32)} [${SD_ID} ${sd}] \ufeff${body}`;
}

/** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
export function octetCounted(message: string): string {
  return `${Buffer.byteLength(message, "utf8")} ${message}`;
}
