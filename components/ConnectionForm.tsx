"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { VendorCapabilities } from "@/lib/vendors/types";
import type { ConnectionView } from "@/lib/connections/queries";
import { baseUrlError, connectionFieldErrors } from "@/lib/connections/checks";
import type { ConnectionBody } from "@/lib/connections/input";
import { api, ApiError } from "./api-client";
import { Field, describedBy } from "./ui/Field";
import { ErrorSummary, SubmitError } from "./ui/ErrorSummary";
import { TlsTrustFields, type TlsState } from "./TlsTrustFields";
import { buttonClass, inputClass } from "./ui/styles";

/** Vendor fields are keyed `settings.<name>` / `secrets.<name>`; the rest by their control's id. */
const connectionFieldId = (key: string) => key.replace(/^(settings|secrets)\./, "field-");

interface Props {
  vendors: VendorCapabilities[];
  initial?: ConnectionView;
}

export function ConnectionForm({ vendors, initial }: Props) {
  const router = useRouter();
  const [vendor, setVendor] = useState(initial?.vendor ?? vendors[0]?.vendor ?? "");
  const caps = vendors.find((v) => v.vendor === vendor);
  const [name, setName] = useState(initial?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(initial?.baseUrl ?? "");
  const [settings, setSettings] = useState<Record<string, string>>(initial?.settings ?? {});
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [tls, setTls] = useState<TlsState>({
    tlsMode: initial?.tlsMode ?? "ca",
    caPem: initial?.tlsCaPem ?? "",
    fingerprint: initial?.tlsFingerprint ?? "",
    acknowledgeInsecure: initial?.tlsMode === "insecure",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!caps) return;
    const body: ConnectionBody = { vendor, name, baseUrl, ...tls, settings, secrets };
    const local = connectionFieldErrors(caps, body, new Set(initial?.secretsSet ?? []));
    const urlError = baseUrl.trim()
      ? baseUrlError(baseUrl.trim())
      : "Enter the base URL, e.g. https://firewall.example.com.";
    if (urlError) local.baseUrl = urlError;
    if (!name.trim()) local.name = "Give the connection a name.";
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const res = initial
        ? await api("PUT /api/connections/:id", { params: { id: initial.id }, body })
        : await api("POST /api/connections", { body });
      router.push(`/connections/${res.connection.id}`);
      router.refresh();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "unknown", "Saving failed.");
      setErrors(e.fields);
      setFormError(e.message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-5">
      <ErrorSummary errors={errors} fieldId={connectionFieldId} />
      <Field id="vendor" label="Vendor" required>
        <select
          id="vendor"
          value={vendor}
          disabled={Boolean(initial)}
          onChange={(e) => setVendor(e.target.value)}
          className={inputClass}
        >
          {vendors.map((v) => (
            <option key={v.vendor} value={v.vendor}>
              {v.displayName}
            </option>
          ))}
        </select>
      </Field>
      <Field id="name" label="Connection name" required error={errors.name}>
        <input
          id="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("name", errors.name)}
          className={inputClass}
        />
      </Field>
      <Field
        id="baseUrl"
        label="Base URL"
        required
        error={errors.baseUrl}
        help="The management address Keyward calls, with the port if it is not 443."
      >
        <input
          id="baseUrl"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          placeholder={caps?.baseUrlExample}
          inputMode="url"
          spellCheck={false}
          aria-invalid={Boolean(errors.baseUrl)}
          aria-describedby={describedBy("baseUrl", errors.baseUrl, true)}
          className={`${inputClass} font-mono`}
        />
      </Field>
      {caps?.connectionFields.map((f) => {
        const key = `${f.kind === "secret" ? "secrets" : "settings"}.${f.name}`;
        const id = `field-${f.name}`;
        const isSet = f.kind === "secret" && initial?.secretsSet.includes(f.name);
        const help = isSet ? "A value is stored. Leave blank to keep it." : f.help;
        return (
          <Field key={key} id={id} label={f.label} required={f.required && !isSet} error={errors[key]} help={help}>
            {f.kind === "select" ? (
              <select
                id={id}
                value={settings[f.name] ?? f.defaultValue ?? ""}
                onChange={(e) => setSettings({ ...settings, [f.name]: e.target.value })}
                className={inputClass}
                aria-invalid={Boolean(errors[key])}
              >
                <option value="">Choose…</option>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={f.kind === "secret" ? "password" : f.kind === "date" ? "date" : "text"}
                autoComplete={f.kind === "secret" ? "new-password" : "off"}
                value={f.kind === "secret" ? (secrets[f.name] ?? "") : (settings[f.name] ?? "")}
                placeholder={isSet ? "•••••••• (stored)" : undefined}
                onChange={(e) =>
                  f.kind === "secret"
                    ? setSecrets({ ...secrets, [f.name]: e.target.value })
                    : setSettings({ ...settings, [f.name]: e.target.value })
                }
                aria-invalid={Boolean(errors[key])}
                aria-describedby={describedBy(id, errors[key], help)}
                className={inputClass}
              />
            )}
          </Field>
        );
      })}
      <TlsTrustFields value={tls} onChange={setTls} errors={errors} />
      {formError ? (
        <SubmitError title="The connection was not saved" focus={Object.keys(errors).length === 0}>
          {formError}
        </SubmitError>
      ) : null}
      <div className="flex gap-3">
        <button type="submit" disabled={busy} className={buttonClass.primary}>
          {busy ? "Saving…" : initial ? "Save changes" : "Save connection"}
        </button>
        <button type="button" onClick={() => router.back()} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
