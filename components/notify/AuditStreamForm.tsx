"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

type Kind = "syslog" | "http";
const KINDS: Array<{ value: Kind; label: string }> = [
  { value: "syslog", label: "syslog (TLS)" },
  { value: "http", label: "HTTPS JSON lines" },
];
const pill =
  "flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 dark:border-slate-600 dark:has-[:checked]:bg-sky-950";

/** The BFF's field names and the ids of the controls they concern, for the error summary's links. */
const FIELD_IDS: Record<string, string> = { authorization: "stream-auth", caPem: "stream-ca" };

/**
 * Adds a receiver, syslog over TLS or an HTTPS endpoint taking JSON lines; it gets the team's
 * whole audit trail, then each new event. The Authorization value is sent once and never shown again.
 */
export function AuditStreamForm() {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>("syslog");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [authorization, setAuthorization] = useState("");
  const [allowHttp, setAllowHttp] = useState(false);
  const [host, setHost] = useState("");
  const [port, setPort] = useState("6514");
  const [caPem, setCaPem] = useState("");
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [added, setAdded] = useState(false);
  const create = useMutation(
    async () => {
      setAdded(false);
      await api("POST /api/audit-streams", {
        body:
          kind === "syslog"
            ? { kind, name, host, port: Number(port), caPem, allowPrivate }
            : { kind, name, url, authorization, caPem, allowHttp, allowPrivate },
      });
      setAdded(true);
      setName("");
      setHost("");
      setUrl("");
      setAuthorization("");
      router.refresh();
    },
    { fallback: "The stream was not added." },
  );
  const errors = create.fieldErrors;
  /** Cancel: the form back as it opened, nothing sent. */
  const reset = () => {
    setKind("syslog");
    setName("");
    setUrl("");
    setAuthorization("");
    setAllowHttp(false);
    setHost("");
    setPort("6514");
    setCaPem("");
    setAllowPrivate(false);
    setAdded(false);
    create.fail(null);
  };
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void create.run();
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4">
      <ErrorSummary errors={errors} fieldId={(key) => FIELD_IDS[key] ?? `stream-${key}`} />
      {added ? <Alert tone="success">Stream added: the backlog goes out within seconds.</Alert> : null}
      <Field id="stream-name" label="Name" error={errors.name}>
        <input
          id="stream-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("stream-name", errors.name)}
          className={inputClass}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Kind</legend>
        <div className="flex flex-wrap gap-2">
          {KINDS.map((k) => (
            <label key={k.value} className={pill}>
              <input type="radio" name="stream-kind" checked={kind === k.value} onChange={() => setKind(k.value)} />
              {k.label}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "syslog" ? (
        <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
          <Field id="stream-host" label="Receiver host" error={errors.host}>
            <input
              id="stream-host"
              value={host}
              placeholder="siem.example.com"
              onChange={(e) => setHost(e.target.value)}
              aria-invalid={Boolean(errors.host)}
              aria-describedby={describedBy("stream-host", errors.host)}
              className={inputClass}
            />
          </Field>
          <Field id="stream-port" label="TLS port" error={errors.port}>
            <input
              id="stream-port"
              type="number"
              value={port}
              onChange={(e) => setPort(e.target.value)}
              aria-invalid={Boolean(errors.port)}
              aria-describedby={describedBy("stream-port", errors.port)}
              className={inputClass}
            />
          </Field>
        </div>
      ) : (
        <>
          <Field
            id="stream-url"
            label="Receiver URL"
            error={errors.url}
            help="Each batch is POSTed as application/x-ndjson, one event a line."
          >
            <input
              id="stream-url"
              type="url"
              value={url}
              placeholder="https://siem.example.com/ingest"
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={Boolean(errors.url)}
              aria-describedby={describedBy("stream-url", errors.url, true)}
              className={inputClass}
            />
          </Field>
          <Field
            id="stream-auth"
            label="Authorization header (optional)"
            error={errors.authorization}
            help="The whole value, like “Bearer abc123”. Stored encrypted; it is not shown again."
          >
            <input
              id="stream-auth"
              type="password"
              autoComplete="off"
              value={authorization}
              onChange={(e) => setAuthorization(e.target.value)}
              aria-invalid={Boolean(errors.authorization)}
              aria-describedby={describedBy("stream-auth", errors.authorization, true)}
              className={`${inputClass} font-mono`}
            />
          </Field>
        </>
      )}
      <Field
        id="stream-ca"
        label="Receiver's CA certificate (PEM)"
        error={errors.caPem}
        help="Leave empty when the receiver's certificate is publicly trusted."
      >
        <textarea
          id="stream-ca"
          rows={3}
          value={caPem}
          onChange={(e) => setCaPem(e.target.value)}
          aria-invalid={Boolean(errors.caPem)}
          aria-describedby={describedBy("stream-ca", errors.caPem, true)}
          className={`${inputClass} font-mono text-xs`}
        />
      </Field>
      {kind === "http" ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} />
          Allow plain http (the events and the Authorization value travel unencrypted)
        </label>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} />
        Allow private and loopback addresses (a receiver inside your network)
      </label>
      {create.error ? <SubmitError focus={!Object.keys(errors).length}>{create.error}</SubmitError> : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={create.busy} className={buttonClass.primary}>
          {create.busy ? "Adding…" : "Add stream"}
        </button>
        <button type="button" onClick={reset} disabled={create.busy} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
