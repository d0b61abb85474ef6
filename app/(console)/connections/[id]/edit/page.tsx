import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { allCapabilities } from "@/lib/vendors/registry";
import { getConnectionRow } from "@/lib/connections/queries";
import { connectionView } from "@/lib/connections/view";
import { notFoundPage } from "@/lib/api/not-found-page";
import { PageHeader } from "@/components/ui/PageHeader";
import { ConnectionForm } from "@/components/ConnectionForm";

export const metadata: Metadata = { title: "Edit connection" };

export default async function EditConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { db, actor } = await pageContext("connection.manage");
  const { id } = await params;
  const row = await notFoundPage(getConnectionRow(db, actor.team.id, id));
  return (
    <>
      <PageHeader title={`Edit ${row.name}`} description="Leave a password blank to keep the stored one." />
      <ConnectionForm vendors={allCapabilities()} initial={connectionView(row)} />
    </>
  );
}
