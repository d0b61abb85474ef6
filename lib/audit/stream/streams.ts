import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { auditStreams } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { seal } from "@/lib/crypto/seal";
import { env } from "@/lib/env";
import { literalAddressProblem, urlProblem } from "@/lib/net/ssrf";
import { recordAudit } from "../record";
import { authHeaderBoundTo } from "./http";
import { streamLag } from "./run";

/** Who acts, in which team (the shape of lib/auth's Actor, which lib/audit does not import). */
interface StreamActor {
  user: { id: string; email: string };
  team: { id: string };
}

const STREAM_KINDS = ["syslog", "http"] as const;

/**
 * One body for both kinds (an older client sends no kind: syslog). The fields a kind needs are
 * checked after the shape, each under its own name, so the form can show them beside the inputs.
 */
export const createStreamBodySchema = z
  .object({
    kind: z.enum(STREAM_KINDS, "Choose syslog (TLS) or HTTPS JSON lines.").default("syslog"),
    name: z.string().trim().min(1, "Name the stream.").max(80, "At most 80 characters."),
    host: z
      .string()
      .trim()
      .max(253, "At most 253 characters.")
      .regex(/^[A-Za-z0-9.:-]*$/, "A host name or an IP address, without a scheme or port.")
      .default(""),
    port: z.number().int().min(1, "A port from 1 to 65535.").max(65535, "A port from 1 to 65535.").optional(),
    url: z.string().trim().max(2000, "At most 2,000 characters.").default(""),
    authorization: z
      .string()
      .trim()
      .max(4000, "At most 4,000 characters.")
      .regex(/^[\x20-\x7e]*$/, "Printable ASCII only, on one line (for example: Bearer abc123).")
      .default(""),
    caPem: z
      .string()
      .trim()
      .max(20_000)
      .refine(
        (v) => v === "" || v.includes("-----BEGIN CERTIFICATE-----"),
        "Paste a PEM certificate, or leave it empty.",
      )
      .default(""),
    allowHttp: z.boolean().default(false),
    allowPrivate: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.kind === "syslog") {
      if (!body.host)
        ctx.addIssue({ code: "custom", path: ["host"], message: "Enter the receiver's host name or address." });
      if (body.port === undefined) ctx.addIssue({ code: "custom", path: ["port"], message: "A port from 1 to 65535." });
    } else if (!body.url) {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "Enter the receiver's URL, like https://siem.example.com/ingest.",
      });
    }
  });
export type CreateStreamBody = z.infer<typeof createStreamBodySchema>;

export interface StreamView {
  id: string;
  name: string;
  kind: (typeof STREAM_KINDS)[number];
  /** Where it sends: syslog+tls://host:port, or the URL of an HTTP stream. */
  target: string;
  /** Whether an HTTP stream sends an Authorization header (its value is never shown again). */
  hasAuthorization: boolean;
  allowHttp: boolean;
  allowPrivate: boolean;
  /** Events of the team not yet accepted by the receiver. */
  lag: number;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** Where an HTTP stream's URL points, or why it may not be used (https only unless allowed, SSRF rules). */
function httpReceiver(body: CreateStreamBody): { host: string; port: number } {
  const problem = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(body.url)
    ? "Leave credentials out of the URL: put them in the Authorization header field."
    : urlProblem(body.url, body);
  if (problem) throw new AppError("invalid_input", 422, problem, { url: problem });
  const url = new URL(body.url);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port) || (url.protocol === "https:" ? 443 : 80),
  };
}

/** Adds a stream; it starts from the team's first event, so the SIEM gets the whole trail. */
export async function createStream(db: Db, actor: StreamActor, body: CreateStreamBody): Promise<{ id: string }> {
  let receiver: { host: string; port: number };
  if (body.kind === "http") receiver = httpReceiver(body);
  else {
    const problem = literalAddressProblem(body.host, body.allowPrivate);
    if (problem) throw new AppError("invalid_input", 422, problem, { host: problem });
    receiver = { host: body.host, port: body.port! };
  }
  const id = randomUUID();
  const http = body.kind === "http";
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(auditStreams)
      .values({
        id,
        teamId: actor.team.id,
        name: body.name,
        kind: body.kind,
        ...receiver,
        url: http ? body.url : null,
        sealedAuthHeader:
          http && body.authorization ? seal(env().KEYWARD_SECRET, authHeaderBoundTo(id), body.authorization) : null,
        caPem: body.caPem || null,
        allowHttp: http && body.allowHttp,
        allowPrivate: body.allowPrivate,
      })
      .returning({ id: auditStreams.id });
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "audit_stream.create",
      target: { type: "audit_stream", id },
      outcome: "success",
      detail: {
        name: body.name,
        kind: body.kind,
        ...(http ? { url: body.url, authorization: Boolean(body.authorization), allowHttp: body.allowHttp } : receiver),
        allowPrivate: body.allowPrivate,
      },
    });
    return row!;
  });
}

const targetOf = (row: typeof auditStreams.$inferSelect) =>
  row.kind === "http" && row.url ? row.url : `syslog+tls://${row.host}:${row.port}`;

export async function deleteStream(db: Db, actor: StreamActor, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx
      .delete(auditStreams)
      .where(and(eq(auditStreams.id, id), eq(auditStreams.teamId, actor.team.id)))
      .returning();
    if (!row) throw new AppError("not_found", 404, "No such audit stream in this team.");
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "audit_stream.delete",
      target: { type: "audit_stream", id },
      outcome: "success",
      detail: { name: row.name, kind: row.kind, target: targetOf(row), cursor: row.cursor },
    });
  });
}

export async function listStreams(db: Db, teamId: string): Promise<StreamView[]> {
  const rows = await db
    .select()
    .from(auditStreams)
    .where(eq(auditStreams.teamId, teamId))
    .orderBy(desc(auditStreams.createdAt));
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      target: targetOf(r),
      hasAuthorization: r.sealedAuthHeader !== null,
      allowHttp: r.allowHttp,
      allowPrivate: r.allowPrivate,
      lag: await streamLag(db, teamId, r.cursor),
      lastSentAt: r.lastSentAt?.toISOString() ?? null,
      lastError: r.lastError,
      lastErrorAt: r.lastErrorAt?.toISOString() ?? null,
    })),
  );
}
