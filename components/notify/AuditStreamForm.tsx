"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

/** Adds a syslog-over-TLS receiver; it gets the team's whole audit trail, then each new event. */
export function AuditStreamForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [host, setHost] = useState("");
  const [port, setPort] = useState("6514");
  const [caPem, setCaPem] = useState("");
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [added, setAdded] = useState(false);
  const create = useMutation(
    async () => {
      setAdded(false);
      await api("POST /api/audit-streams", {
        body: { name, host, port: Number(port), caPem, allowPrivate },
      });
      setAdded(true);
      setName("");
      setHost("");
      router.refresh();
    },
    { fallback: "The stream was not added." },
  );
  const errors = create.fieldErrors;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void create.run();
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4">
      {create.error ? (
        <Alert tone="error">{create.error}</Alert>
      ) : added ? (
        <Alert tone="success">Stream added: the backlog goes out within seconds.</Alert>
      ) : null}
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
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} />
        Allow private and loopback addresses (a receiver inside your network)
      </label>
      <button type="submit" disabled={create.busy} className={buttonClass.primary}>
        {create.busy ? "Adding…" : "Add stream"}
      </button>
    </form>
  );
}
