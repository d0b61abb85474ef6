import Link from "next/link";
import type { RequestView } from "@/lib/requests/queries";
import { StatusBadge } from "./ui/StatusBadge";
import { formatWhen } from "./ui/format";
import { linkClass } from "./ui/styles";

/** Requests as a read-only table: who asked for what, why, and who decided. */
export function RequestTable({ requests }: { requests: RequestView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="table-cards min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead className="bg-slate-50 text-left dark:bg-slate-900">
          <tr>
            {["Key", "Requester", "Connection", "Reason", "Status", "Decided by", "Requested"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {requests.map((r) => (
            <tr key={r.id}>
              <td data-label="Key" className="px-3 py-2">
                {r.keyId ? (
                  <Link href={`/keys/${r.keyId}`} className={linkClass}>
                    {r.name}
                  </Link>
                ) : (
                  r.name
                )}
              </td>
              <td data-label="Requester" className="px-3 py-2">
                {r.requester}
              </td>
              <td data-label="Connection" className="px-3 py-2">
                {r.connectionName}
              </td>
              <td data-label="Reason" className="max-w-xs px-3 py-2">
                {r.reason}
                {r.decisionReason ? (
                  <span className="block text-xs text-slate-500">Decision: {r.decisionReason}</span>
                ) : null}
              </td>
              <td data-label="Status" className="px-3 py-2">
                <StatusBadge status={r.status} />
              </td>
              <td data-label="Decided by" className="px-3 py-2">
                {r.decidedBy ?? "—"}
              </td>
              <td data-label="Requested" className="px-3 py-2 whitespace-nowrap">
                {formatWhen(r.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
