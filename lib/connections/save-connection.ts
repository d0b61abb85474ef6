import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import type { Actor } from "@/lib/auth/actor";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { AppError, invalid } from "@/lib/errors";
import { adapterFor } from "@/lib/vendors/registry";
import { insertDefaultGrants } from "@/lib/policies/grants";
import { baseUrlError, connectionFieldErrors, parseDateField } from "./checks";
import { type ConnectionBody } from "./input";
import { parseTlsInput } from "./tls-input";
import { sealSecrets, unsealSecrets } from "./credentials";
import { getConnectionRow, type ConnectionRow } from "./queries";

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: string }).code === "23505") return true;
  return false;
}

function checkBody(body: ConnectionBody, stored?: ConnectionRow) {
  const adapter = adapterFor(body.vendor);
  if (!adapter) throw invalid("Choose a supported vendor.", { vendor: "Choose a supported vendor." });
  const storedSecrets = stored ? new Set(Object.keys(unsealSecrets(stored))) : new Set<string>();
  const errors: Record<string, string> = connectionFieldErrors(adapter.capabilities, body, storedSecrets);
  const urlError = baseUrlError(body.baseUrl);
  if (urlError) errors.baseUrl = urlError;
  const tls = parseTlsInput(body);
  if ("errors" in tls) Object.assign(errors, tls.errors);
  if (Object.keys(errors).length > 0 || !("trust" in tls)) throw invalid("Some fields need attention.", errors);
  const trust = tls.trust;
  // Keep only the fields the vendor declares, so stray input never lands in the database.
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const f of adapter.capabilities.connectionFields) {
    const v = f.kind === "secret" ? body.secrets[f.name] : body.settings[f.name];
    if (v !== undefined && v !== "")
      (f.kind === "secret" ? secrets : settings)[f.name] = f.kind === "secret" ? v : v.trim();
  }
  const expiryField = adapter.capabilities.connectionFields.find((f) => f.credentialExpiry);
  const expiresOn = expiryField ? settings[expiryField.name] : undefined;
  return {
    settings,
    secrets,
    columns: {
      // The admin's date where the vendor cannot tell; else null until a test reads it from the vendor.
      credentialExpiresAt: expiresOn ? parseDateField(expiresOn) : null,
      name: body.name,
      baseUrl: body.baseUrl.replace(/\/+$/, ""),
      tlsMode: trust.mode,
      tlsCaPem: trust.mode === "ca" ? trust.caPem : null,
      tlsFingerprint: trust.mode === "fingerprint" ? trust.sha256 : null,
    },
  };
}

const nameTaken = () =>
  invalid("A connection with this name already exists in your team.", {
    name: "A connection with this name already exists in your team.",
  });

export async function createConnection(db: Db, actor: Actor, body: ConnectionBody): Promise<ConnectionRow> {
  const { settings, secrets, columns } = checkBody(body);
  const id = randomUUID();
  try {
    return await inTransaction(db, async (tx) => {
      const [row] = await tx
        .insert(connections)
        .values({
          id,
          teamId: actor.team.id,
          vendor: body.vendor,
          ...columns,
          settings,
          sealedSecrets: sealSecrets(id, secrets),
          createdBy: actor.user.id,
        })
        .returning();
      // A new connection starts with the default policy (admins issue at once, members ask).
      const caps = adapterFor(body.vendor)?.capabilities;
      if (caps) await insertDefaultGrants(tx, id, caps);
      await recordAudit(tx, {
        teamId: actor.team.id,
        actor: actor.user,
        action: "connection.create",
        target: { type: "connection", id },
        outcome: "success",
        detail: { name: columns.name, vendor: body.vendor, baseUrl: columns.baseUrl, tlsMode: columns.tlsMode },
      });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

export async function updateConnection(db: Db, actor: Actor, id: string, body: ConnectionBody): Promise<ConnectionRow> {
  const stored = await getConnectionRow(db, actor.team.id, id);
  if (stored.vendor !== body.vendor)
    throw new AppError("vendor_fixed", 422, "A connection's vendor cannot change; create a new connection instead.");
  const { settings, secrets, columns } = checkBody(body, stored);
  const merged = { ...unsealSecrets(stored), ...secrets };
  try {
    return await inTransaction(db, async (tx) => {
      const [row] = await tx
        .update(connections)
        .set({
          ...columns,
          settings,
          sealedSecrets: sealSecrets(id, merged),
          updatedAt: new Date(),
          lastTestOk: null,
          lastTestMessage: null,
        })
        .where(eq(connections.id, id))
        .returning();
      await recordAudit(tx, {
        teamId: actor.team.id,
        actor: actor.user,
        action: "connection.update",
        target: { type: "connection", id },
        outcome: "success",
        detail: {
          name: columns.name,
          baseUrl: columns.baseUrl,
          tlsMode: columns.tlsMode,
          secretsChanged: Object.keys(secrets),
        },
      });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
