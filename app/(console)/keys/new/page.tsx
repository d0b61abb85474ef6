import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { listConnectionRows } from "@/lib/connections/queries";
import { adapterFor } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { IssueKeyForm } from "@/components/IssueKeyForm";
import { Alert } from "@/components/ui/Alert";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { listGrants } from "@/lib/policies/grants";
import { roleEntitlement } from "@/lib/policies/evaluate";
import { grantableNoun, grantNamesSomething } from "@/lib/policies/grant-checks";

export const metadata: Metadata = { title: "Issue a key" };

export default async function IssueKeyPage({ searchParams }: { searchParams: Promise<{ connection?: string }> }) {
  const { db, actor } = await pageContext("key.issue");
  const { connection } = await searchParams;
  const rows = await listConnectionRows(db, actor.team.id);
  // The admin's own grant narrows the form as a member's does; the BFF applies the same bounds.
  const choices = (
    await Promise.all(
      rows.map(async (r) => {
        const caps = adapterFor(r.vendor)?.capabilities;
        if (!caps) return [];
        const entitlement = roleEntitlement(caps, await listGrants(db, r.id), actor.team.role) ?? undefined;
        return [{ id: r.id, name: r.name, caps, entitlement }];
      }),
    )
  ).flat();
  const selected = choices.find((c) => c.id === connection) ?? choices[0];
  return (
    <>
      <PageHeader
        title="Issue a key"
        description="Keyward asks the vendor for a new key now. You will see its secret once."
      />
      {choices.length === 0 ? (
        <EmptyState
          title="No connection to issue on"
          action={
            <Link href="/connections/new" className={buttonClass.primary}>
              Add a connection
            </Link>
          }
        >
          Keys are issued on a vendor connection. Add one first.
        </EmptyState>
      ) : (
        <>
          {selected && !(selected.entitlement && grantNamesSomething(selected.caps, selected.entitlement)) ? (
            <div className="mb-4 max-w-2xl">
              <Alert tone="warning" title="The policy grants your role nothing here yet">
                A new connection&apos;s grants name no {grantableNoun(selected.caps)} until an admin picks them.{" "}
                <Link href={`/connections/${selected.id}#policy`} className={linkClass}>
                  Open the connection&apos;s policy
                </Link>
                .
              </Alert>
            </div>
          ) : null}
          <IssueKeyForm key={connection ?? "first"} connections={choices} selectedId={selected!.id} />
        </>
      )}
    </>
  );
}
