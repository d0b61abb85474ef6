"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import type { UsageSnippet } from "@/lib/vendors/types";
import { CopyButton, DownloadButton } from "./CopyButton";
import { buttonClass, cardClass } from "./ui/styles";

/** A download name for a snippet the adapter did not name: key name and snippet kind, shell-safe. */
function snippetFilename(keyName: string, label: string): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
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
 * reloading the page loses it for good, and the browser warns before that happens.
 */
export function CopyOnce({ keyId, keyName, secret, publicId, usage }: Props) {
  const [revealed, setRevealed] = useState(false);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  return (
    <section className={`${cardClass} space-y-5 border-amber-300 dark:border-amber-700`} aria-labelledby="copy-once-title">
      <div>
        <h2 id="copy-once-title" className="text-lg font-semibold">Key “{keyName}” issued — copy it now</h2>
        <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
          This is the only time the secret is shown. Keyward keeps only its fingerprint and last four characters; if you leave or reload this page, the secret is gone for good.
        </p>
      </div>
      {publicId ? (
        <div className="space-y-1">
          <p className="text-sm font-medium" id="public-id-label">Key ID</p>
          <div className="flex flex-wrap items-center gap-2">
            <code aria-labelledby="public-id-label" data-testid="public-id" className="rounded bg-slate-100 px-2 py-1 font-mono text-sm dark:bg-slate-800">{publicId}</code>
            <CopyButton text={publicId} label="Copy ID" />
          </div>
        </div>
      ) : null}
      <div className="space-y-1">
        <label htmlFor="secret" className="text-sm font-medium">Secret</label>
        <div className="flex flex-wrap items-center gap-2">
          <input
            id="secret"
            readOnly
            type={revealed ? "text" : "password"}
            value={secret}
            data-testid="secret-value"
            autoComplete="off"
            spellCheck={false}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-950"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" onClick={() => setRevealed(!revealed)} aria-pressed={revealed} className={buttonClass.secondary}>
            {revealed ? "Hide" : "Reveal"}
          </button>
          <CopyButton text={secret} label="Copy secret" className={buttonClass.primary} />
        </div>
      </div>
      {usage.map((snippet) => ({ ...snippet, filename: snippet.filename ?? snippetFilename(keyName, snippet.label) })).map((snippet) => (
        <div key={snippet.label} className="space-y-2">
          <p className="text-sm font-medium">{snippet.label}</p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100 dark:bg-black">
            {revealed ? snippet.content : snippet.content.split(secret).join("•".repeat(12))}
          </pre>
          <div className="flex flex-wrap gap-2">
            <CopyButton text={snippet.content} label={`Copy ${snippet.filename}`} />
            <DownloadButton filename={snippet.filename} content={snippet.content} />
          </div>
        </div>
      ))}
      <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
        <Link href={`/keys/${keyId}`} className={buttonClass.secondary}>I have stored it — go to the key</Link>
      </div>
    </section>
  );
}
