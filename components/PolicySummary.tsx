import type { VendorCapabilities } from "@/lib/vendors/types";
import type { Grant } from "@/lib/policies/evaluate";
import type { TeamRole } from "@/lib/auth/permissions";
import { vendorAllowsNever } from "@/lib/policies/grant-checks";

const roleName = (r: TeamRole) => `${r[0]!.toUpperCase()}${r.slice(1)}s`;
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** One grant in words: what the role may ask for, for how long, and whether an admin decides. */
function grantLines(caps: VendorCapabilities, g: Grant): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const noun = caps.scope.label.toLowerCase();
  if (caps.scope.kind !== "none")
    lines.push([
      `${caps.scope.label}s`,
      g.anyScope ? `any ${noun} ${caps.displayName} lists` : g.scopes.length ? g.scopes.join(", ") : "none",
    ]);
  if (caps.scope.ownAccount) lines.push(["Own-account keys", g.ownAccount ? "allowed" : "not allowed"]);
  if (caps.securityLevels.length) {
    const names = caps.securityLevels.filter((l) => g.securityLevels.includes(l.value)).map((l) => l.label);
    lines.push(["Security levels", names.length ? names.join(", ") : "any"]);
  }
  if (caps.expiry.kind === "picker") {
    const max = g.maxDays ?? caps.expiry.maxDays;
    const def = Math.min(g.defaultDays ?? caps.expiry.defaultDays, max);
    lines.push([
      "Lifetime",
      `${days(def)} by default, at most ${days(max)}${g.allowNever && vendorAllowsNever(caps) ? "; keys without expiry allowed" : ""}`,
    ]);
  } else if (g.maxDays !== null) lines.push(["Lifetime", `at most ${days(g.maxDays)}`]);
  lines.push(["Approval", g.requiresApproval ? "an admin approves each request" : "approved at once"]);
  return lines;
}

/**
 * A connection's policy for those who may not change it: what each team role may request here,
 * in sentences rather than disabled form controls, the viewer's own role first.
 */
export function PolicySummary({ caps, grants, role }: { caps: VendorCapabilities; grants: Grant[]; role: TeamRole }) {
  if (grants.length === 0)
    return <p className="text-sm text-slate-700 dark:text-slate-300">No role may request keys on this connection.</p>;
  const ordered = [...grants.filter((g) => g.teamRole === role), ...grants.filter((g) => g.teamRole !== role)];
  const mine = ordered.some((g) => g.teamRole === role);
  return (
    <div className="space-y-3">
      {!mine ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Your role ({role}) may not request keys on this connection; ask an admin if you need one.
        </p>
      ) : null}
      <ul className="grid gap-3 md:grid-cols-2">
        {ordered.map((g) => (
          <li key={g.id} className="rounded-md border border-slate-200 p-4 text-sm dark:border-slate-700">
            <h3 className="mb-2 font-semibold">
              {roleName(g.teamRole)}{" "}
              {g.teamRole === role ? (
                <span className="font-normal text-slate-600 dark:text-slate-400">(your role)</span>
              ) : null}
            </h3>
            <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[9rem_minmax(0,1fr)]">
              {grantLines(caps, g).map(([term, value]) => (
                <div key={term} className="contents">
                  <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
                  <dd className="break-words">{value}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
