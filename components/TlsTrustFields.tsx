"use client";

import { Field, describedBy } from "./ui/Field";
import { inputClass } from "./ui/styles";

export interface TlsState {
  tlsMode: "system" | "ca" | "fingerprint" | "insecure";
  caPem: string;
  fingerprint: string;
  acknowledgeInsecure: boolean;
}

const modes: Array<{ value: TlsState["tlsMode"]; label: string; help: string }> = [
  {
    value: "ca",
    label: "Trust a CA certificate",
    help: "Paste the PEM of the CA that signed the device's certificate (or the self-signed certificate itself).",
  },
  {
    value: "fingerprint",
    label: "Pin the certificate's SHA-256 fingerprint",
    help: "For a self-signed certificate: Keyward talks only to the certificate with this fingerprint.",
  },
  { value: "system", label: "Public CA (system trust store)", help: "The device has a certificate from a public CA." },
  {
    value: "insecure",
    label: "Skip verification (not recommended)",
    help: "Anyone on the path could read the admin password and the minted keys.",
  },
];

export function TlsTrustFields({
  value,
  onChange,
  errors,
}: {
  value: TlsState;
  onChange: (v: TlsState) => void;
  errors: Record<string, string>;
}) {
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium">TLS trust</legend>
      {modes.map((m) => (
        <label key={m.value} className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="tlsMode"
            value={m.value}
            checked={value.tlsMode === m.value}
            onChange={() => onChange({ ...value, tlsMode: m.value })}
            className="mt-1"
          />
          <span>
            <span className={m.value === "insecure" ? "font-medium text-rose-700 dark:text-rose-400" : "font-medium"}>
              {m.label}
            </span>
            <span className="block text-xs text-slate-600 dark:text-slate-400">{m.help}</span>
          </span>
        </label>
      ))}
      {value.tlsMode === "ca" ? (
        <Field id="caPem" label="CA certificate (PEM)" required error={errors.caPem}>
          <textarea
            id="caPem"
            rows={6}
            value={value.caPem}
            onChange={(e) => onChange({ ...value, caPem: e.target.value })}
            placeholder="-----BEGIN CERTIFICATE-----"
            spellCheck={false}
            aria-invalid={Boolean(errors.caPem)}
            aria-describedby={describedBy("caPem", errors.caPem)}
            className={`${inputClass} font-mono text-xs`}
          />
        </Field>
      ) : null}
      {value.tlsMode === "fingerprint" ? (
        <Field
          id="fingerprint"
          label="SHA-256 fingerprint"
          required
          error={errors.fingerprint}
          help="As shown by your browser or `openssl x509 -noout -fingerprint -sha256`."
        >
          <input
            id="fingerprint"
            value={value.fingerprint}
            onChange={(e) => onChange({ ...value, fingerprint: e.target.value })}
            placeholder="AB:CD:…"
            spellCheck={false}
            aria-invalid={Boolean(errors.fingerprint)}
            aria-describedby={describedBy("fingerprint", errors.fingerprint, true)}
            className={`${inputClass} font-mono text-xs`}
          />
        </Field>
      ) : null}
      {value.tlsMode === "insecure" ? (
        <div className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
          <label className="flex items-start gap-2">
            <input
              id="acknowledgeInsecure"
              type="checkbox"
              checked={value.acknowledgeInsecure}
              onChange={(e) => onChange({ ...value, acknowledgeInsecure: e.target.checked })}
              className="mt-1"
              aria-describedby={errors.acknowledgeInsecure ? "ack-error" : undefined}
            />
            <span>
              I understand that certificate verification is off for this connection, and that it will be flagged as
              insecure everywhere it appears.
            </span>
          </label>
          {errors.acknowledgeInsecure ? (
            <p id="ack-error" role="alert" className="mt-1 font-medium">
              {errors.acknowledgeInsecure}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
