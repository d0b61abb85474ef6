import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { listConnectionRows } from "@/lib/connections/queries";
import { adapterFor } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { IssueKeyForm } from "@/components/IssueKeyForm";
import { buttonClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Issue a key" };

export default async function IssueKeyPage({ searchParams }: { searchParams: Promise<{ connection?: string }> }) {
  const { db, actor } = await pageContext("key.issue");
  const { connection } = await searchParams;
  const rows = await listConnectionRows(db, actor.team.id);
  const choices = rows.flatMap((r) => {
    const caps = adapterFor(r.vendor)?.capabilities;
    return caps ? [{ id: r.id, name: r.name, caps }] : [];
  });
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
        <IssueKeyForm key={connection ?? "first"} connections={choices} selectedId={connection ?? choices[0]!.id} />
      )}
    </>
  );
}
