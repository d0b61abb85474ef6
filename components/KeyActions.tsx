"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { LifecycleVerb, UsageSnippet } from "@/lib/vendors/types";
import { api, ApiError } from "./api-client";
import { ConfirmDialog } from "./ConfirmDialog";
import { useIssueViews } from "./use-issue-views";
import { KeyEditForm } from "./KeyEditForm";
import { replacedKeyNotice } from "./rotation-text";
import { Alert } from "./ui/Alert";
import { buttonClass, cardClass } from "./ui/styles";

interface Props {
  keyId: string;
  keyName: string;
  description: string;
  status: string;
  /** The vendor's lifecycle verbs (capabilities.lifecycle): a verb absent here has no button. */
  verbs: LifecycleVerb[];
  vendorName: string;
  nameMaxLength: number;
  /** Already rotated, or a rotation is under way: no second Rotate. */
  replaced: boolean;
}

interface Revealed {
  keyId: string;
  keyName: string;
  secret: string;
  publicId?: string;
  usage: UsageSnippet[];
}
/** A new secret to show once: from a reset or an issued rotation. */
const revealedOf = (a: Omit<Revealed, "keyId" | "keyName"> & { key: { id: string; name: string } }): Revealed => ({
  keyId: a.key.id,
  keyName: a.key.name,
  secret: a.secret,
  publicId: a.publicId,
  usage: a.usage,
});
type Dialog = "revoke" | "rotate" | "reset" | "deactivate" | null;
type Notice = { tone: "success" | "error" | "warning"; title: string; text?: string } | null;

const GRACE_CHOICES = [
  { hours: 0, label: "At once" },
  { hours: 1, label: "In 1 hour" },
  { hours: 24, label: "In 24 hours" },
  { hours: 168, label: "In 7 days" },
];

/** The key page's actions, each shown only where the vendor has the verb. */
export function KeyActions({ keyId, keyName, description, status, verbs, vendorName, nameMaxLength, replaced }: Props) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [grace, setGrace] = useState(24);
  const [notice, setNotice] = useState<Notice>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const shown = useIssueViews();

  async function run<T>(call: () => Promise<T>, done: (answer: T) => void) {
    setBusy(true);
    setNotice(null);
    try {
      done(await call());
      setDialog(null);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) setFieldErrors(err.fields);
      setDialog(null);
      setNotice({
        tone: "error",
        title: "The vendor did not make the change",
        text: err instanceof ApiError ? err.message : "Something went wrong. Try again.",
      });
    } finally {
      setBusy(false);
    }
  }

  if (revealed && shown.views) {
    const { CopyOnce } = shown.views;
    return (
      <div className="space-y-4">
        {notice ? (
          <Alert tone={notice.tone} title={notice.title}>
            {notice.text}
          </Alert>
        ) : null}
        <CopyOnce {...revealed} />
      </div>
    );
  }
  // A revoked key has no actions left; the outcome of the revoke that just happened stays visible.
  if (status === "revoked")
    return notice ? (
      <Alert tone={notice.tone} title={notice.title}>
        {notice.text}
      </Alert>
    ) : null;

  // A drifted key is gone from the vendor: only revoking (which records that) still makes sense.
  const has = (verb: LifecycleVerb) => verbs.includes(verb) && (status !== "drifted" || verb === "revoke");
  const act = (verb: "deactivate" | "activate", title: string) =>
    run(
      () =>
        api(verb === "activate" ? "POST /api/keys/:id/activate" : "POST /api/keys/:id/deactivate", {
          params: { id: keyId },
        }),
      () => setNotice({ tone: "success", title }),
    );

  return (
    <section aria-labelledby="actions-h" className={`${cardClass} space-y-4`}>
      <h2 id="actions-h" className="font-semibold">
        Actions
      </h2>
      {notice ? (
        <Alert tone={notice.tone} title={notice.title}>
          {notice.text}
        </Alert>
      ) : null}
      {editing ? (
        <KeyEditForm
          name={keyName}
          description={description}
          nameMaxLength={nameMaxLength}
          busy={busy}
          errors={fieldErrors}
          onCancel={() => setEditing(false)}
          onSave={(change) =>
            run(
              () => api("PATCH /api/keys/:id", { params: { id: keyId }, body: change }),
              () => {
                setEditing(false);
                setNotice({ tone: "success", title: "Key updated on the vendor" });
              },
            )
          }
        />
      ) : (
        <div className="flex flex-wrap gap-2">
          {has("deactivate") && status === "active" ? (
            <button
              type="button"
              disabled={busy}
              className={buttonClass.secondary}
              onClick={() => setDialog("deactivate")}
            >
              Deactivate
            </button>
          ) : null}
          {has("activate") && status === "inactive" ? (
            <button
              type="button"
              disabled={busy}
              className={buttonClass.secondary}
              onClick={() => act("activate", "Key activated: it works again")}
            >
              Activate
            </button>
          ) : null}
          {has("update") ? (
            <button
              type="button"
              disabled={busy}
              className={buttonClass.secondary}
              onClick={() => {
                setFieldErrors({});
                setEditing(true);
              }}
            >
              Edit
            </button>
          ) : null}
          {has("rotate") ? (
            <button type="button" disabled={busy} className={buttonClass.secondary} onClick={() => setDialog("reset")}>
              Reset secret
            </button>
          ) : null}
          {!replaced && status !== "drifted" ? (
            <button type="button" disabled={busy} className={buttonClass.secondary} onClick={() => setDialog("rotate")}>
              Rotate
            </button>
          ) : null}
          {has("revoke") ? (
            <button type="button" disabled={busy} className={buttonClass.danger} onClick={() => setDialog("revoke")}>
              Revoke
            </button>
          ) : null}
        </div>
      )}

      <ConfirmDialog
        open={dialog === "revoke"}
        title={`Revoke “${keyName}”?`}
        confirmLabel="Revoke key"
        danger
        busy={busy}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          run(
            () => api("POST /api/keys/:id/revoke", { params: { id: keyId } }),
            ({ outcome }) =>
              setNotice(
                outcome.kind === "revoked"
                  ? { tone: "success", title: "Key revoked on the vendor" }
                  : { tone: "warning", title: "Retire this key by hand", text: outcome.message },
              ),
          )
        }
      >
        <p>Scripts using this key stop working at once. {vendorName} cannot undo this.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "deactivate"}
        title={`Deactivate “${keyName}”?`}
        confirmLabel="Deactivate key"
        danger
        busy={busy}
        onCancel={() => setDialog(null)}
        onConfirm={() => act("deactivate", "Key deactivated: it no longer authenticates")}
      >
        <p>
          Scripts using this key stop working until it is activated again. The key keeps its secret, so activating it
          later restores them.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "reset"}
        title={`Reset the secret of “${keyName}”?`}
        confirmLabel="Reset secret"
        danger
        busy={busy}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          run(
            () => shown.load().then(() => api("POST /api/keys/:id/reset-secret", { params: { id: keyId } })),
            (a) => setRevealed(revealedOf(a)),
          )
        }
      >
        <p>
          {vendorName} gives the key a new secret; the current one stops working at once. The new secret is shown once,
          to you.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "rotate"}
        title={`Rotate “${keyName}”?`}
        confirmLabel="Rotate key"
        busy={busy}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          run(
            () =>
              shown
                .load()
                .then(() => api("POST /api/keys/:id/rotate", { params: { id: keyId }, body: { graceHours: grace } })),
            (a) => {
              if (a.status === "pending")
                return setNotice({ tone: "success", title: "Rotation requested", text: a.message });
              setNotice(replacedKeyNotice(a.replaced));
              setRevealed(revealedOf(a));
            },
          )
        }
      >
        <p>
          A replacement with the same scope and lifetime is requested under this connection&apos;s policy: where it
          needs an approval, the rotation waits for one and you issue the replacement from “My requests”. Once the
          replacement is issued (its secret shown once, to you), the old key is revoked
          {has("revoke") ? "" : ` — ${vendorName} cannot revoke through its API, so it will be marked “retire by hand”`}
          .
        </p>
        {has("revoke") ? (
          <fieldset>
            <legend className="font-medium text-slate-800 dark:text-slate-200">Revoke the old key</legend>
            <div className="mt-2 grid grid-cols-2 gap-2">
              {GRACE_CHOICES.map((c) => (
                <label key={c.hours} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="grace"
                    value={c.hours}
                    checked={grace === c.hours}
                    onChange={() => setGrace(c.hours)}
                  />
                  {c.label}
                </label>
              ))}
            </div>
            <p className="mt-2 text-xs">
              A grace period lets scripts move to the new key before the old one stops working.
            </p>
          </fieldset>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
