import "server-only";
import { env } from "@/lib/env";
import { seal, unseal } from "@/lib/crypto/seal";
import type { TlsTrust, VendorConnection } from "@/lib/vendors/types";
import type { ConnectionRow } from "./queries";

export function sealSecrets(connectionId: string, secrets: Record<string, string>): string {
  return seal(env().KEYWARD_SECRET, `connection:${connectionId}`, JSON.stringify(secrets));
}

export function unsealSecrets(row: Pick<ConnectionRow, "id" | "sealedSecrets">): Record<string, string> {
  return JSON.parse(unseal(env().KEYWARD_SECRET, `connection:${row.id}`, row.sealedSecrets)) as Record<string, string>;
}

function trustOf(row: Pick<ConnectionRow, "tlsMode" | "tlsCaPem" | "tlsFingerprint">): TlsTrust {
  switch (row.tlsMode) {
    case "ca":
      return { mode: "ca", caPem: row.tlsCaPem ?? "" };
    case "fingerprint":
      return { mode: "fingerprint", sha256: row.tlsFingerprint ?? "" };
    default:
      return { mode: row.tlsMode };
  }
}

/** The decrypted connection an adapter works with. Server memory only. */
export function toVendorConnection(row: ConnectionRow): VendorConnection {
  return {
    id: row.id,
    baseUrl: row.baseUrl,
    tls: trustOf(row),
    settings: row.settings,
    secrets: unsealSecrets(row),
    timeoutMs: env().KEYWARD_VENDOR_TIMEOUT_MS,
  };
}
