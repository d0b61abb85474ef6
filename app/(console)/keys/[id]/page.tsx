import Link from "next/link";
import { keyExpiryText } from "@/components/key-expiry-text";
import { lastUsedText } from "@/components/last-used-text";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { ownerFilter } from "@/lib/auth/actor";
import { getKey } from "@/lib/keys/queries";
import { scopeText } from "@/lib/keys/scope-text";
import { notFoundPage } from "@/lib/api/not-found-page";
import { adapterFor } from "@/lib/vendors/registry";
import { can } from "@/lib/auth/permissions";
import { getKeyLifecycle } from "@/lib/keys/lifecycle/view";
import { openRotationOf } from "@/lib/requests/open-rotation";
import { KeyLifecycleNotices } from "@/components/KeyLifecycleNotices";
import { KeyActions } from "@/components/KeyActions";
import { PageHeader } from "@/components/ui/PageHeader";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { cardClass, linkClass } from "@/components/ui/styles";
import { formatRelative, formatWhen } from "@/components/ui/format";

export const metadata: Metadata = { title: "Key" };

export default async function KeyPage({ params }: { params: Promise<{ id: string }> }) {
  const { db, actor, viewer } = await pageContext("key.read");
  const { id } = await params;
  const k = await notFoundPage(getKey(db, actor.team.id, id, ownerFilter(viewer)));
  const caps = adapterFor(k.vendor)?.capabilities;
  const life = await getKeyLifecycle(db, actor.team.id, id);
  const openRotation = await openRotationOf(db, actor.team.id, id);
  const rows: Array<[string, React.ReactNode]> = [
    ["Status", <StatusBadge key="s" status={k.status} />],
    [
      "Connection",
      <Link key="c" href={`/connections/${k.connectionId}`} className={linkClass}>
        {k.connectionName}
      </Link>,
    ],
    ["Vendor", caps?.displayName ?? k.vendor],
    [
      "Vendor key ID",
      <code key="v" className="break-all font-mono text-xs">
        {k.vendorKeyId}
      </code>,
    ],
    ...(k.publicId
      ? [
          [
            "Public ID",
            <code key="p" className="font-mono text-xs">
              {k.publicId}
            </code>,
          ] as [string, React.ReactNode],
        ]
      : []),
    ...(k.scope.length
      ? [[caps?.scope.label ?? "Scope", scopeText(k.scope, k.scopeNames)] as [string, React.ReactNode]]
      : []),
    ...(k.securityLevel ? [["Security level", k.securityLevel] as [string, React.ReactNode]] : []),
    ["Issued by", k.issuedBy],
    [
      "Approved by",
      k.approvedBy
        ? k.approvedBy === k.issuedBy && k.requestId
          ? `${k.approvedBy} (by the connection's policy or self-approval)`
          : k.approvedBy
        : "—",
    ],
    ["Reason", k.reason ?? "—"],
    ["Issued", `${formatWhen(k.issuedAt)} (${formatRelative(k.issuedAt)})`],
    ["Expires", keyExpiryText(caps, k.expiresAt, life.deviceExpiry)],
    ...(life.description ? [["Description", life.description] as [string, React.ReactNode]] : []),
    ...(life.revokedAt ? [["Revoked", formatWhen(life.revokedAt)] as [string, React.ReactNode]] : []),
    ...(life.lastSeenAt
      ? [
          ["Last seen on the vendor", `${formatWhen(life.lastSeenAt)} (${formatRelative(life.lastSeenAt)})`] as [
            string,
            React.ReactNode,
          ],
        ]
      : []),
    ["Last used", lastUsedText(caps, life)],
    [
      "Secret",
      life.adopted ? (
        "unknown: adopted from the vendor, never seen by Keyward"
      ) : (
        <span key="f">
          ends in <code className="font-mono">…{k.lastFour}</code>
        </span>
      ),
    ],
    [
      "SHA-256 fingerprint",
      <code key="fp" className="break-all font-mono text-xs">
        {k.fingerprint}
      </code>,
    ],
  ];
  return (
    <>
      <PageHeader
        title={k.name}
        description="The secret was shown once, to whoever issued the key. Keyward keeps only what identifies it."
      />
      <section className={cardClass}>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-slate-600 dark:text-slate-400">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <KeyLifecycleNotices life={life} openRotation={openRotation} />
      {caps && can(actor.team.role, "key.manage") ? (
        <div className="mt-6">
          <KeyActions
            keyId={k.id}
            keyName={k.name}
            description={life.description ?? ""}
            status={k.status}
            verbs={caps.lifecycle}
            vendorName={caps.displayName}
            nameMaxLength={caps.nameMaxLength}
            replaced={life.replacedBy !== null || openRotation !== null}
          />
        </div>
      ) : null}
    </>
  );
}
