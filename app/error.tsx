"use client";

import { StandalonePage } from "@/components/ui/StandalonePage";
import { buttonClass } from "@/components/ui/styles";

/**
 * An error no page expected. The message is never shown: in production Next.js replaces it with
 * a generic one anyway, and the server logged what an operator needs under the same digest.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StandalonePage title="Something went wrong">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The console could not show this page. Nothing you entered was sent twice; try again, and if it keeps failing,
        give your administrator the reference below.
      </p>
      {error.digest ? (
        <p className="mt-3 text-sm">
          Reference: <span className="font-mono">{error.digest}</span>
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap gap-2">
        <button type="button" onClick={reset} className={buttonClass.primary}>
          Try again
        </button>
        {/* A plain link: every page loads this boundary, and next/link would ride along in a chunk of its own. */}
        <a href="/" className={buttonClass.secondary}>
          Go to the dashboard
        </a>
      </div>
    </StandalonePage>
  );
}
