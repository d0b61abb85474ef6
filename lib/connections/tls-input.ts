import { X509Certificate } from "node:crypto";
import type { TlsTrust } from "@/lib/vendors/types";
import { normalizeFingerprint } from "@/lib/vendors/fingerprint";

export interface TlsInput {
  tlsMode: "system" | "ca" | "fingerprint" | "insecure";
  caPem?: string;
  fingerprint?: string;
  acknowledgeInsecure?: boolean;
}

/** Checks the admin's TLS choice and returns it, or field errors saying what to fix. */
export function parseTlsInput(input: TlsInput): { trust: TlsTrust } | { errors: Record<string, string> } {
  switch (input.tlsMode) {
    case "system":
      return { trust: { mode: "system" } };
    case "ca": {
      const pem = (input.caPem ?? "").trim();
      const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
      if (!blocks)
        return {
          errors: { caPem: "Paste the CA certificate in PEM form: it starts with -----BEGIN CERTIFICATE-----." },
        };
      for (const block of blocks) {
        try {
          new X509Certificate(block);
        } catch {
          return {
            errors: {
              caPem:
                "The pasted PEM is not a readable X.509 certificate. Copy the whole block again, including the BEGIN and END lines.",
            },
          };
        }
      }
      return { trust: { mode: "ca", caPem: blocks.join("\n") + "\n" } };
    }
    case "fingerprint": {
      const hex = normalizeFingerprint(input.fingerprint ?? "");
      if (!/^[0-9A-F]{64}$/.test(hex)) {
        return {
          errors: {
            fingerprint:
              "Enter the certificate's SHA-256 fingerprint: 64 hexadecimal characters, with or without colons.",
          },
        };
      }
      return { trust: { mode: "fingerprint", sha256: hex.match(/.{2}/g)!.join(":") } };
    }
    case "insecure":
      if (!input.acknowledgeInsecure) {
        return {
          errors: {
            acknowledgeInsecure:
              "Confirm that you accept connecting without certificate verification, or choose a CA or fingerprint instead.",
          },
        };
      }
      return { trust: { mode: "insecure" } };
  }
}
