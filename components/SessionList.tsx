"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { api, ApiError } from "./api-client";
import { signOut } from "./auth-client";
import { ConfirmDialog } from "./ConfirmDialog";
import { Alert } from "./ui/Alert";
import { EmptyState } from "./ui/EmptyState";
import { buttonClass } from "./ui/styles";

/** One signed-in browser as the page shows it (times already put into words by the server). */
export interface SessionRow {
  id: string;
  browser: string;
  userAgent: string | null;
  address: string | null;
  method: "password" | "sso";
  signedIn: string;
  signedInAgo: string;
  lastSeen: string;
  current: boolean;
}

const METHOD_LABELS = { password: "Password sign-in", sso: "Single sign-on" } as const;

/** Account → Sessions: every browser signed in to the account, with a way to sign each out, or all. */
export function SessionList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [revoking, setRevoking] = useState<SessionRow | null>(null);
  const others = sessions.filter((s) => !s.current);

  async function revoke(session: SessionRow) {
    setBusy(session.id);
    setError(null);
    setNotice(null);
    try {
      await api("DELETE /api/account/sessions/:id", { params: { id: session.id } });
      setNotice(`${session.browser} (signed in ${session.signedInAgo}) is signed out.`);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "That session was not signed out. Try again.");
    } finally {
      setBusy(null);
      setRevoking(null);
    }
  }

  async function signOutEverywhere() {
    setBusy("all");
    setError(null);
    try {
      await api("DELETE /api/account/sessions", {});
      // This browser's session has ended with the others; next-auth clears its cookie.
      await signOut("/login");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Signing out everywhere did not work. Try again.");
      setBusy(null);
      setConfirming(false);
    }
  }

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {sessions.length === 0 ? (
        <EmptyState title="No sessions">
          No browser is signed in to your account right now. Reload the page if you have just signed in.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {sessions.map((s) => (
            <li
              key={s.id}
              data-testid="session"
              aria-label={s.current ? `${s.browser}, this session` : s.browser}
              className="flex flex-wrap items-center gap-x-6 gap-y-2 px-5 py-4"
            >
              <div className="min-w-56 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <span title={s.userAgent ?? undefined}>{s.browser}</span>
                  {s.current ? (
                    <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
                      This session
                    </span>
                  ) : null}
                </p>
                <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
                  {s.address ?? "Address unknown"} · {METHOD_LABELS[s.method]}
                </p>
              </div>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
                <dt className="text-slate-500 dark:text-slate-400">Signed in</dt>
                <dd title={s.signedIn}>{s.signedInAgo}</dd>
                <dt className="text-slate-500 dark:text-slate-400">Last seen</dt>
                <dd>{s.current ? "Now" : s.lastSeen}</dd>
              </dl>
              <div className="w-28 text-right">
                {s.current ? null : (
                  <button
                    type="button"
                    onClick={() => setRevoking(s)}
                    disabled={busy !== null}
                    aria-label={`Revoke ${s.browser}, signed in ${s.signedInAgo}`}
                    className={buttonClass.secondary}
                  >
                    {busy === s.id ? "Revoking…" : "Revoke"}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {sessions.length > 0 && others.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No other browser is signed in to your account. Signing in somewhere else adds it here.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        <p className="max-w-xl text-sm text-slate-600 dark:text-slate-400">
          Lost a device, or signed in somewhere you should not have? Sign out everywhere ends every session, this one
          included.
        </p>
        <button
          type="button"
          onClick={() => setConfirming(true)}
          disabled={busy !== null}
          className={buttonClass.danger}
        >
          Sign out everywhere
        </button>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Sign this session out?"
        confirmLabel="Sign it out"
        danger
        busy={revoking !== null && busy === revoking.id}
        onConfirm={() => revoking && revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        {revoking ? (
          <p>
            {revoking.browser} at {revoking.address ?? "an unknown address"}, signed in {revoking.signedInAgo}, is
            signed out at once; whoever uses it has to sign in again.
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        danger
        busy={busy === "all"}
        onConfirm={signOutEverywhere}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {others.length
            ? `This signs out all ${sessions.length} sessions of your account, this browser included.`
            : "This signs out this browser."}{" "}
          Anyone using them has to sign in again; you will be back at the sign-in page.
        </p>
      </ConfirmDialog>
    </div>
  );
}
