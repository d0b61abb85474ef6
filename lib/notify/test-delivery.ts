import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { deliverNow } from "./deliver";
import { queueTestDelivery } from "./webhooks";

export interface TestDeliveryResult {
  ok: boolean;
  message: string;
}

/**
 * "Send test": queues a `webhook.test` delivery and sends it at once, so the admin sees the
 * endpoint's answer; a failure stays in the outbox and is retried like any other delivery.
 */
export async function sendTestDelivery(db: Db, actor: Actor, webhookId: string): Promise<TestDeliveryResult> {
  const now = new Date();
  const rowId = await queueTestDelivery(db, actor, webhookId, now);
  const outcome = await deliverNow(db, rowId, `test-${randomUUID()}`, now, {
    mail: null,
    consoleUrl: env().KEYWARD_URL,
  });
  if (!outcome) return { ok: false, message: "Queued: the delivery log will show how it went." };
  if (outcome.kind === "sent")
    return { ok: true, message: `Delivered: the endpoint answered ${outcome.statusCode ?? "2xx"}.` };
  return {
    ok: false,
    message: `Not delivered${outcome.kind === "failed" && outcome.statusCode ? ` (HTTP ${outcome.statusCode})` : ""}: ${outcome.kind === "failed" ? outcome.error : "held"} It will be retried.`,
  };
}
