/**
 * The events Keyward tells people about, whom each reaches, and the channels it uses unless a
 * team's rule says otherwise. Shared by the rules page (labels) and the senders.
 */
export const NOTIFY_EVENTS = [
  "key.expiring",
  "key.ended",
  "key.expiry_missed",
  "key.unused",
  "request.waiting",
  "request.decided",
  "request.lapsed",
  "connection.credential_expiring",
  "rotation.due",
  "key.undelivered",
  "key.delivery_unconfirmed",
  "key.ownerless",
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export const NOTIFY_CHANNELS = ["console", "email"] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

interface EventInfo {
  label: string;
  /** Who is told: the key's owner, the admins who may act, or the person who asked. */
  audience: string;
}

export const EVENT_INFO: Record<NotifyEvent, EventInfo> = {
  "key.expiring": { label: "Key expiring", audience: "the key's owner" },
  "key.ended": { label: "Key expired or revoked by the schedule or reconcile", audience: "the key's owner" },
  "key.expiry_missed": { label: "Missed expiry (Keyward's revoke failed)", audience: "admins" },
  "key.unused": { label: "Key unused: the team's policy revokes it in 7 days", audience: "the key's owner" },
  "request.waiting": { label: "Request waiting for approval", audience: "admins who may approve" },
  "request.decided": { label: "Request approved or denied", audience: "the requester" },
  "request.lapsed": { label: "Approved request lapsed", audience: "the requester" },
  "connection.credential_expiring": { label: "Keyward's own connection credential expiring", audience: "admins" },
  "rotation.due": { label: "Key due for rotation under the team's rotation policy", audience: "the key's owner" },
  "key.undelivered": { label: "Key made but its secret never reached the requester", audience: "admins" },
  "key.delivery_unconfirmed": {
    label: "Key's delivery unconfirmed (the secret may not have been seen)",
    audience: "admins",
  },
  "key.ownerless": { label: "Keys left ownerless when their owner was removed", audience: "admins" },
};

/** GitLab mails at 60/30/7 days, XSIAM warns a week and a day ahead: 30, 7 and 1 cover both. */
export const DEFAULT_THRESHOLDS: readonly number[] = [30, 7, 1];

export const DEFAULT_CHANNELS: readonly NotifyChannel[] = ["console", "email"];

export function isNotifyEvent(value: string): value is NotifyEvent {
  return (NOTIFY_EVENTS as readonly string[]).includes(value);
}
