import { Agent, request } from "undici";
import { guardedLookup, urlProblem, type TargetRules } from "@/lib/net/ssrf";
import { signatureHeaders } from "./signing";
import type { WebhookFormat } from "./webhook-formats";

export interface WebhookTarget extends TargetRules {
  url: string;
  secret: string;
  format: WebhookFormat;
}

export type WebhookResult = { ok: true; statusCode: number } | { ok: false; error: string; statusCode?: number };

const TIMEOUT_MS = 10_000;
const agents = new Map<string, Agent>();

/** One pooled agent per SSRF rule set, each resolving through the guarded lookup. */
function agentFor(rules: TargetRules): Agent {
  const key = `${rules.allowHttp}:${rules.allowPrivate}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { lookup: guardedLookup(rules) as never, timeout: TIMEOUT_MS },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * POSTs one signed delivery (Slack and Teams ignore the signature headers; they stay so that one
 * receiver can check any format the same way). Redirects are not followed (a 3xx is a failure that names where it
 * pointed to), the answer's body is read and dropped, and only a 2xx counts as delivered.
 */
export async function sendWebhook(
  target: WebhookTarget,
  messageId: string,
  body: string,
  now: Date,
): Promise<WebhookResult> {
  const problem = urlProblem(target.url, target);
  if (problem) return { ok: false, error: problem };
  try {
    const res = await request(target.url, {
      method: "POST",
      dispatcher: agentFor(target),
      headers: {
        "content-type": "application/json",
        "user-agent": "Keyward-Webhooks/1",
        ...signatureHeaders(target.secret, messageId, Math.floor(now.getTime() / 1000), body),
      },
      body,
    });
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, statusCode: res.statusCode };
    if (res.statusCode >= 300 && res.statusCode < 400)
      return {
        ok: false,
        statusCode: res.statusCode,
        error: "The endpoint answered with a redirect, which Keyward does not follow.",
      };
    return { ok: false, statusCode: res.statusCode, error: `The endpoint answered ${res.statusCode}.` };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const cause = (e.cause as NodeJS.ErrnoException | undefined) ?? e;
    return {
      ok: false,
      error: `${cause.code ? `${cause.code}: ` : ""}${cause.message.split("\n", 1)[0]}`.slice(0, 300),
    };
  }
}
