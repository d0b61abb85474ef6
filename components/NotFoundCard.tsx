import { StandalonePage } from "./ui/StandalonePage";
import { buttonClass } from "./ui/styles";

/** Every unknown address, and every record a team does not hold (a key, a connection, a request of another team). */
export function NotFoundCard({ framed = false }: { framed?: boolean }) {
  return (
    <StandalonePage framed={framed} title="Page not found">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Nothing is at this address in your team: the link may be mistyped, or the key, connection or request it names
        belongs to another team or no longer exists.
      </p>
      <div className="mt-6 flex flex-wrap gap-2">
        {/* Plain links: the root not-found boundary is part of every page's first load, and
            next/link would add a copy of itself there (Turbopack does not share it across boundaries). */}
        <a href="/" className={buttonClass.primary}>
          Go to the dashboard
        </a>
        <a href="/keys" className={buttonClass.secondary}>
          Keys
        </a>
      </div>
    </StandalonePage>
  );
}
