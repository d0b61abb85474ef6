import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { listConnectionRows } from "@/lib/connections/queries";
import { listGrants } from "@/lib/policies/grants";
import { roleEntitlement } from "@/lib/policies/evaluate";
import { grantableNoun, grantNamesSomething } from "@/lib/policies/grant-checks";
import { Alert } from "@/components/ui/Alert";
import { adapterFor } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { IssueKeyForm } from "@/components/IssueKeyForm";
import { buttonClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Request a key" };

export default async function RequestKeyPage({ searchParams }: { searchParams: Promise<{ connection?: string }> }) {
  const { db, actor } = await pageContext("request.create");
  const { connection } = await searchParams;
  const rows = await listConnectionRows(db, actor.team.id);
  // Only connections whose policy grants the actor's role something.
  const choices = (
    await Promise.all(
      rows.map(async (r) => {
        const caps = adapterFor(r.vendor)?.capabilities;
        const entitlement = caps ? roleEntitlement(caps, await listGrants(db, r.id), actor.team.role) : null;
        return caps && entitlement ? [{ id: r.id, name: r.name, caps, entitlement }] : [];
      }),
    )
  ).flat();
  // A grant that names nothing yet (a new connection's) is not a choice; say where it is missing.
  const unnamed = choices.filter((c) => !grantNamesSomething(c.caps, c.entitlement));
  const usable = choices.filter((c) => grantNamesSomething(c.caps, c.entitlement));
  const selected = usable.find((c) => c.id === connection)?.id ?? usable[0]?.id;
  return (
    <>
      <PageHeader
        title="Request a key"
        description="Pick a connection and what the key may do. Where the policy asks for it, an admin approves; then you issue the key yourself and see its secret once."
      />
      {!selected ? (
        <EmptyState
          title="No connection lets your role request keys"
          action={
            <Link href="/requests" className={buttonClass.secondary}>
              My requests
            </Link>
          }
        >
          An admin sets, per connection, which roles may request keys. Ask one to grant your role access.
        </EmptyState>
      ) : (
        <IssueKeyForm key={selected} mode="request" connections={usable} selectedId={selected} />
      )}
      {unnamed.length ? (
        <div className="mt-6 max-w-2xl">
          <Alert tone="info" title="Not available to your role yet">
            The policy of {unnamed.map((c) => c.name).join(", ")} names nothing your role may request yet: an admin
            picks the {unnamed.length === 1 ? grantableNoun(unnamed[0]!.caps) : "roles"} in the connection&apos;s policy
            editor.
          </Alert>
        </div>
      ) : null}
    </>
  );
}
