import Link from "next/link";
import type { RequestView } from "@/lib/requests/queries";
import { scopeText } from "@/lib/keys/scope-text";
import { StatusBadge } from "./ui/StatusBadge";
import { formatWhen } from "./ui/format";
import { linkClass } from "./ui/styles";

/**
 * A cell's text on one line, cut with an ellipsis at `max` and whole in its title; on a phone
 * (table-cards) the cell is a card line and the text wraps instead.
 */
function Cut({ text, max, children }: { text: string; max: string; children?: React.ReactNode }) {
  return (
    <span title={text} className={`block sm:truncate ${max}`}>
      {children ?? text}
    </span>
  );
}

/**
 * Requests as a read-only table: what was asked for (key, connection, roles), by whom, why, and
 * who decided when. One line per request on a laptop, a card per request on a phone.
 */
export function RequestTable({ requests }: { requests: RequestView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="table-cards min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-50 text-left dark:bg-slate-900">
          <tr>
            {["Key", "Requester", "Reason", "Status", "Decided"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {requests.map((r) => {
            const what = [r.connectionName, scopeText(r.scope, r.scopeNames), r.securityLevel]
              .filter(Boolean)
              .join(" · ");
            const reason = r.decisionReason ? `${r.reason} — decision: ${r.decisionReason}` : r.reason;
            const decided = r.decidedAt ? `${r.decidedBy ?? "—"} · ${formatWhen(r.decidedAt)}` : (r.decidedBy ?? "—");
            return (
              <tr key={r.id}>
                <td data-label="Key" className="px-3 py-2">
                  <Cut text={`${r.name} — ${what}`} max="sm:max-w-72">
                    {r.keyId ? (
                      <Link href={`/keys/${r.keyId}`} className={linkClass}>
                        {r.name}
                      </Link>
                    ) : (
                      <span className="font-medium">{r.name}</span>
                    )}{" "}
                    <span className="text-slate-600 dark:text-slate-400">on {what}</span>
                  </Cut>
                </td>
                <td data-label="Requester" className="px-3 py-2">
                  <Cut text={`${r.requester}, ${formatWhen(r.createdAt)}`} max="sm:max-w-52">
                    {r.requester}
                  </Cut>
                </td>
                <td data-label="Reason" className="px-3 py-2">
                  <Cut text={reason} max="sm:max-w-52" />
                </td>
                <td data-label="Status" className="px-3 py-2 whitespace-nowrap">
                  <StatusBadge status={r.status} />
                </td>
                <td data-label="Decided" className="px-3 py-2">
                  <Cut text={decided} max="sm:max-w-56" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
