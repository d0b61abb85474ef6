"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { UsageSnippet } from "@/lib/vendors/types";
import { CopyButton, DownloadButton } from "./CopyButton";
import { ConfirmDialog } from "./ConfirmDialog";
import { api } from "./api-client";
import { useLeaveGuard } from "./use-leave-guard";
import { buttonClass, cardClass } from "./ui/styles";

/** A download name for a snippet the adapter did not name: key name and snippet kind, shell-safe. */
function snippetFilename(keyName: string, label: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40);
  return `${slug(keyName) || "key"}-${slug(label.split(/[(:]/)[0] ?? label) || "snippet"}.txt`;
}

interface Props {
  keyId: string;
  keyName: string;
  secret: string;
  publicId?: string;
  usage: UsageSnippet[];
}

/**
 * The only place a secret is ever displayed. It lives in this component's memory: leaving or
 * reloading the page loses it for good. So the panel takes focus when it appears (a screen
 * reader announces it), and until the person says "I have stored it", every way out — a nav
 * link, Back, reload, close — asks first.
 */
export function CopyOnce({ keyId, keyName, secret, publicId, usage }: Props) {
  const router = useRouter();
  const [revealed, setRevealed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const guard = useLeaveGuard(true, (href) =>
    href.startsWith("/") ? router.push(href) : window.location.assign(href),
  );

  useEffect(() => {
    heading.current?.focus();
  }, []);

  // The secret is on screen: tell the console it was received (a written answer is not yet a
  // received one). One retry; if both fail, the key shows "delivery unconfirmed" for an admin.
  useEffect(() => {
    const receipt = () => api("POST /api/keys/:id/received", { params: { id: keyId } });
    receipt().catch(() => setTimeout(() => void receipt().catch(() => undefined), 2_000));
  }, [keyId]);

  return (
    <section
      className={`${cardClass} space-y-5 border-amber-300 dark:border-amber-700`}
      aria-labelledby="copy-once-title"
      aria-describedby="copy-once-warning"
    >
      <div>
        <h2
          id="copy-once-title"
          ref={heading}
          tabIndex={-1}
          className="rounded text-lg font-semibold outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        >
          Key “{keyName}” issued — copy it now
        </h2>
        <p id="copy-once-warning" className="mt-1 text-sm text-amber-800 dark:text-amber-300">
          This is the only time the secret is shown. Keyward keeps only its fingerprint and last four characters; if you
          leave or reload this page, the secret is gone for good.
        </p>
      </div>
      {publicId ? (
        <div className="space-y-1">
          <p className="text-sm font-medium" id="public-id-label">
            Key ID
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-labelledby="public-id-label"
              data-testid="public-id"
              className="rounded bg-slate-100 px-2 py-1 font-mono text-sm dark:bg-slate-800"
            >
              {publicId}
            </code>
            <CopyButton text={publicId} label="Copy ID" />
          </div>
        </div>
      ) : null}
      <div className="space-y-1">
        <label htmlFor="secret" className="text-sm font-medium">
          Secret
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <input
            id="secret"
            readOnly
            type={revealed ? "text" : "password"}
            value={secret}
            data-testid="secret-value"
            autoComplete="off"
            spellCheck={false}
            className="w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm sm:w-auto sm:flex-1 dark:border-slate-600 dark:bg-slate-950"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            onClick={() => setRevealed(!revealed)}
            aria-pressed={revealed}
            className={buttonClass.secondary}
          >
            {revealed ? "Hide" : "Reveal"}
          </button>
          <CopyButton text={secret} label="Copy secret" className={buttonClass.primary} />
        </div>
      </div>
      {usage
        .map((snippet) => ({ ...snippet, filename: snippet.filename ?? snippetFilename(keyName, snippet.label) }))
        .map((snippet) => (
          <div key={snippet.label} className="space-y-2">
            <p className="text-sm font-medium">{snippet.label}</p>
            {/* Focusable, so a keyboard can scroll a long line sideways on a narrow screen. */}
            <pre
              tabIndex={0}
              role="region"
              aria-label={snippet.label}
              className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100 dark:bg-black"
            >
              {revealed ? snippet.content : snippet.content.split(secret).join("•".repeat(12))}
            </pre>
            <div className="flex flex-wrap gap-2">
              <CopyButton text={snippet.content} label={`Copy ${snippet.filename}`} />
              <DownloadButton filename={snippet.filename} content={snippet.content} />
            </div>
          </div>
        ))}
      <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
        <Link href={`/keys/${keyId}`} onClick={guard.release} data-leave-guard="off" className={buttonClass.secondary}>
          I have stored it — go to the key
        </Link>
      </div>
      <ConfirmDialog
        open={guard.attempt !== null}
        title="Leave without the secret?"
        confirmLabel="Leave without it"
        danger
        onConfirm={guard.leave}
        onCancel={guard.stay}
      >
        <p>
          The secret of “{keyName}” is shown only here, only once. Keyward does not keep it: if you leave now, nobody
          can show it again and the key would have to be rotated.
        </p>
        <p>Copy it or download a snippet first, then choose “I have stored it”.</p>
      </ConfirmDialog>
    </section>
  );
}
