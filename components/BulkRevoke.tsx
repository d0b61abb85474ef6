"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { BulkRevokePreview, BulkRevokeResult } from "@/lib/keys/lifecycle/bulk-revoke-report";
import { api } from "./api-client";
import { useMutation } from "./use-mutation";
import { BulkRevokeReportList } from "./BulkRevokeReportList";
import { Alert } from "./ui/Alert";
import { buttonClass } from "./ui/styles";

interface Props {
  /** The list's current filter as URL parameters (keyFilterParams), previewed and sent back as is. */
  filter: Record<string, string>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Revoke all matching…" on the keys list: a preview of exactly the live keys the current filter
 * selects (how many, the first names, which vendors cannot revoke), then one confirmation that
 * sends those ids back, then what happened to each key.
 */
export function BulkRevoke({ filter }: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<BulkRevokePreview | null>(null);
  const [result, setResult] = useState<BulkRevokeResult | null>(null);
  const load = useMutation(() => api("GET /api/keys/revoke-preview", { query: new URLSearchParams(filter) }), {
    fallback: "The preview could not be loaded. Try again.",
  });
  const confirm = useMutation((keyIds: string[]) => api("POST /api/keys/bulk-revoke", { body: { filter, keyIds } }), {
    fallback: "The keys were not revoked. Try again.",
  });

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // As in ConfirmDialog: the safe choice holds the focus, not the scrollable list of keys.
      cancel.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  async function start() {
    setPreview(null);
    setResult(null);
    setOpen(true);
    const answer = await load.run();
    if (answer) setPreview(answer);
  }

  async function revoke() {
    if (!preview) return;
    const answer = await confirm.run(preview.keyIds);
    if (answer) {
      setResult(answer);
      router.refresh();
    }
  }

  const busy = load.busy || confirm.busy;
  const close = () => {
    if (!confirm.busy) setOpen(false);
  };

  return (
    <>
      <button type="button" className={buttonClass.danger} onClick={start}>
        Revoke all matching…
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="bulk-revoke-title"
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
        className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id="bulk-revoke-title" className="text-lg font-semibold">
          {result ? "Bulk revoke finished" : "Revoke every matching key?"}
        </h2>
        <div className="mt-2 space-y-3 text-sm text-slate-700 dark:text-slate-300">
          {load.error ? <Alert tone="error">{load.error}</Alert> : null}
          {confirm.error ? <Alert tone="error">{confirm.error}</Alert> : null}
          {load.busy ? <p role="status">Looking up the matching keys…</p> : null}
          {result ? <BulkRevokeReportList result={result} /> : preview ? <PreviewBody preview={preview} /> : null}
        </div>
        <div className="mt-6 flex justify-end gap-2">
          <button ref={cancel} type="button" onClick={close} disabled={confirm.busy} className={buttonClass.secondary}>
            {result ? "Close" : "Cancel"}
          </button>
          {!result && preview && preview.count > 0 ? (
            <button type="button" onClick={revoke} disabled={busy} className={buttonClass.danger}>
              {confirm.busy ? "Revoking…" : `Revoke ${plural(preview.count, "key")}`}
            </button>
          ) : null}
        </div>
      </dialog>
    </>
  );
}

function PreviewBody({ preview }: { preview: BulkRevokePreview }) {
  if (preview.count === 0) return <p>No live key matches this filter: there is nothing to revoke.</p>;
  const unnamed = preview.count - preview.keys.length;
  return (
    <>
      <p>
        <strong>{plural(preview.count, "live key")}</strong> match this filter
        {preview.more ? " (the oldest ones; more match — preview again afterwards for the rest)" : ""}. Scripts using
        them stop working at once; this cannot be undone.
      </p>
      <ul className="max-h-48 list-disc space-y-1 overflow-y-auto pl-5" aria-label="Keys to revoke">
        {preview.keys.map((k) => (
          <li key={k.id}>
            {k.name}{" "}
            <span className="text-slate-500 dark:text-slate-400">
              · {k.vendorName} · {k.connectionName} · {k.owner}
              {k.byHand ? " · retire by hand" : ""}
            </span>
          </li>
        ))}
      </ul>
      {unnamed > 0 ? <p>…and {plural(unnamed, "more key")}.</p> : null}
      {preview.byHand.length ? (
        <Alert tone="warning" title="Some vendors cannot revoke these keys">
          {preview.byHand.map((v) => `${v.vendorName}: ${plural(v.count, "key")}`).join("; ")} will be marked “retire by
          hand” — revoke them on the vendor yourself.
        </Alert>
      ) : null}
    </>
  );
}
