import type { ConnectionKeyView } from "@/lib/connections/connection-keys";
import { cardClass } from "./ui/styles";
import { formatWhen } from "./ui/format";

/** The keys this connection's own tests made the vendor create (Expedition's login), newest first. */
export function ConnectionKeyList({ keys }: { keys: ConnectionKeyView[] }) {
  return (
    <section className={`${cardClass} mt-6`} aria-labelledby="connection-keys-h">
      <h2 id="connection-keys-h" className="mb-1 font-semibold">
        Keys created by connection tests
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        Each test logs in, and the vendor answers with the user&apos;s API key. These are Keyward&apos;s own keys, not
        issued to anyone; only their fingerprints are kept.
      </p>
      {keys.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No test has created a key yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th scope="col" className="py-2 pr-4 font-medium">
                Tested
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                By
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Key
              </th>
              <th scope="col" className="py-2 font-medium">
                Lives until
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="py-2 pr-4">{formatWhen(k.startedAt.toISOString())}</td>
                <td className="py-2 pr-4 break-all">{k.createdByEmail ?? "—"}</td>
                <td className="py-2 pr-4">
                  {k.status === "created" ? (
                    <span className="font-mono text-xs">{k.fingerprint}</span>
                  ) : (
                    <span title="The console stopped before the vendor's answer was recorded">
                      unknown — the test did not finish
                    </span>
                  )}
                </td>
                <td className="py-2">
                  {k.expiresAt ? `${formatWhen(k.expiresAt.toISOString())} at the earliest` : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
