"use client";

import "./globals.css";
import { SkipLink } from "@/components/ui/Main";
import { StandalonePage } from "@/components/ui/StandalonePage";
import { buttonClass } from "@/components/ui/styles";

/** When the root layout itself fails: the same card, with its own html and body. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <SkipLink />
        <StandalonePage title="Something went wrong">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            The console could not start this page. Try again; if it keeps failing, give your administrator the reference
            below.
          </p>
          {error.digest ? (
            <p className="mt-3 text-sm">
              Reference: <span className="font-mono">{error.digest}</span>
            </p>
          ) : null}
          <div className="mt-6">
            <button type="button" onClick={reset} className={buttonClass.primary}>
              Try again
            </button>
          </div>
        </StandalonePage>
      </body>
    </html>
  );
}
