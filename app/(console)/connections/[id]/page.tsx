import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { getConnectionRow } from "@/lib/connections/queries";
import { connectionView } from "@/lib/connections/view";
import { notFoundPage } from "@/lib/api/not-found-page";
import { adapterFor } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { Alert } from "@/components/ui/Alert";
import { TestConnectionButton } from "@/components/TestConnectionButton";
import { ReconcileSection } from "@/components/ReconcileSection";
import { listUnmanagedKeys } from "@/lib/keys/lifecycle/unmanaged";
import { PolicyEditor } from "@/components/PolicyEditor";
import { PolicySummary } from "@/components/PolicySummary";
import { listGrants } from "@/lib/policies/grants";
import { buttonClass, cardClass } from "@/components/ui/styles";
import { formatWhen } from "@/components/ui/format";
import { ConnectionKeyList } from "@/components/ConnectionKeyList";
import { listConnectionKeys } from "@/lib/connections/connection-keys";
import { scopeWords } from "@/lib/words";

export const metadata: Metadata = { title: "Connection" };

const tlsLabels = {
  ca: "Trusted CA certificate",
  fingerprint: "Pinned SHA-256 fingerprint",
  system: "System trust store",
  insecure: "Verification OFF",
} as const;

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { db, actor, viewer } = await pageContext("connection.read");
  const { id } = await params;
  const c = connectionView(await notFoundPage(getConnectionRow(db, actor.team.id, id)));
  const grants = await listGrants(db, c.id);
  const caps = adapterFor(c.vendor)?.capabilities;
  const role = actor.team.role;
  const listable = Boolean(caps?.lifecycle.includes("list")) && viewer.seesAll;
  const unmanaged = listable ? await listUnmanagedKeys(db, actor.team.id, c.id) : [];
  const connectionKeys = caps?.testCreatesKey ? await listConnectionKeys(db, actor.team.id, c.id) : [];
  return (
    <>
      <PageHeader
        title={c.name}
        description={`${caps?.displayName ?? c.vendor} · ${c.baseUrl}`}
        actions={
          <>
            {can(role, "connection.manage") ? (
              <Link href={`/connections/${c.id}/edit`} className={buttonClass.secondary}>
                Edit
              </Link>
            ) : null}
            {can(role, "key.issue") ? (
              <Link href={`/keys/new?connection=${c.id}`} className={buttonClass.primary}>
                Issue a key
              </Link>
            ) : null}
            {!can(role, "key.issue") && can(role, "request.create") ? (
              <Link href={`/requests/new?connection=${c.id}`} className={buttonClass.primary}>
                Request a key
              </Link>
            ) : null}
          </>
        }
      />
      {c.tlsMode === "insecure" ? (
        <div className="mb-6">
          <Alert tone="error" title="TLS verification is off for this connection">
            Anyone between Keyward and this device could read its admin password and the keys it mints. Paste its CA
            certificate or pin its fingerprint.
          </Alert>
        </div>
      ) : null}
      <div className="grid gap-6 md:grid-cols-2">
        <section className={cardClass} aria-labelledby="settings-h">
          <h2 id="settings-h" className="mb-3 font-semibold">
            Settings
          </h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium">Base URL</dt>
            <dd className="break-all font-mono text-xs">{c.baseUrl}</dd>
            <dt className="font-medium">TLS trust</dt>
            <dd>
              {tlsLabels[c.tlsMode]}
              {c.tlsFingerprint ? <span className="block break-all font-mono text-xs">{c.tlsFingerprint}</span> : null}
            </dd>
            {caps?.connectionFields.map((f) => (
              <div key={f.name} className="contents">
                <dt className="font-medium">{f.label}</dt>
                <dd>
                  {f.kind === "secret"
                    ? c.secretsSet.includes(f.name)
                      ? "set (hidden)"
                      : "not set"
                    : c.settings[f.name] || "—"}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section className={cardClass} aria-labelledby="test-h">
          <h2 id="test-h" className="mb-3 font-semibold">
            Connection test
          </h2>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            {c.lastTestAt
              ? `Last tested ${formatWhen(c.lastTestAt)}: ${c.lastTestOk ? "worked" : `failed — ${c.lastTestMessage ?? "unknown error"}`}`
              : "Not tested yet."}
          </p>
          {c.lastTestOk && c.lastTestFacts.length ? (
            <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              {c.lastTestFacts.map((f) => (
                <div key={f.label} className="contents">
                  <dt className="font-medium">{f.label}</dt>
                  <dd className="font-mono">{f.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {can(role, "connection.test") ? (
            <TestConnectionButton connectionId={c.id} createsKey={caps?.testCreatesKey} />
          ) : null}
        </section>
      </div>
      {caps?.connectionWarning ? (
        <div className="mt-6">
          <Alert tone="warning" title={caps.connectionWarning.title}>
            {caps.connectionWarning.text}
          </Alert>
        </div>
      ) : null}
      {caps ? (
        <section id="policy" className={`${cardClass} mt-6`} aria-labelledby="policy-h">
          <h2 id="policy-h" className="mb-1 font-semibold">
            Policy
          </h2>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            Which team roles may request keys here, with which {scopeWords(caps.scope).many} and for how long, and
            whether an admin must approve. Bounds never exceed what {caps.displayName} allows.
          </p>
          {can(role, "policy.manage") ? (
            <PolicyEditor key={c.id} connectionId={c.id} caps={caps} grants={grants} editable />
          ) : (
            <PolicySummary caps={caps} grants={grants} role={role} />
          )}
        </section>
      ) : null}
      {caps?.testCreatesKey ? <ConnectionKeyList keys={connectionKeys} /> : null}
      {listable ? (
        <ReconcileSection connectionId={c.id} unmanaged={unmanaged} canManage={can(role, "key.manage")} />
      ) : null}
    </>
  );
}
