import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { auditStreams } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { literalAddressProblem } from "@/lib/net/ssrf";
import { recordAudit } from "../record";
import { streamLag } from "./run";

/** Who acts, in which team (the shape of lib/auth's Actor, which lib/audit does not import). */
interface StreamActor {
  user: { id: string; email: string };
  team: { id: string };
}

export const createStreamBodySchema = z.object({
  name: z.string().trim().min(1, "Name the stream.").max(80, "At most 80 characters."),
  host: z
    .string()
    .trim()
    .min(1, "Enter the receiver's host name or address.")
    .max(253, "At most 253 characters.")
    .regex(/^[A-Za-z0-9.:-]+$/, "A host name or an IP address, without a scheme or port."),
  port: z.number().int().min(1, "A port from 1 to 65535.").max(65535, "A port from 1 to 65535."),
  caPem: z
    .string()
    .trim()
    .max(20_000)
    .refine((v) => v === "" || v.includes("-----BEGIN CERTIFICATE-----"), "Paste a PEM certificate, or leave it empty.")
    .default(""),
  allowPrivate: z.boolean().default(false),
});
export type CreateStreamBody = z.infer<typeof createStreamBodySchema>;

export interface StreamView {
  id: string;
  name: string;
  host: string;
  port: number;
  allowPrivate: boolean;
  /** Events of the team not yet accepted by the receiver. */
  lag: number;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** Adds a stream; it starts from the team's first event, so the SIEM gets the whole trail. */
export async function createStream(db: Db, actor: StreamActor, body: CreateStreamBody): Promise<{ id: string }> {
  const problem = literalAddressProblem(body.host, body.allowPrivate);
  if (problem) throw new AppError("invalid_input", 422, problem, { host: problem });
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(auditStreams)
      .values({
        teamId: actor.team.id,
        name: body.name,
        host: body.host,
        port: body.port,
        caPem: body.caPem || null,
        allowPrivate: body.allowPrivate,
      })
      .returning({ id: auditStreams.id });
    await recordAudit(tx, {
      teamId: actor.team.id,
      actor: actor.user,
      action: "audit_stream.create",
      target: { type: "audit_stream", id: row!.id },
      outcome: "success",
      detail: { name: body.name, host: body.host, port: body.port, allowPrivate: body.allowPrivate },
    });
    return row!;
  });
}

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
      detail: { name: row.name, host: row.host, port: row.port, cursor: row.cursor },
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
      host: r.host,
      port: r.port,
      allowPrivate: r.allowPrivate,
      lag: await streamLag(db, teamId, r.cursor),
      lastSentAt: r.lastSentAt?.toISOString() ?? null,
      lastError: r.lastError,
      lastErrorAt: r.lastErrorAt?.toISOString() ?? null,
    })),
  );
}
