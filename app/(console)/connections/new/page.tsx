import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { allCapabilities } from "@/lib/vendors/registry";
import { PageHeader } from "@/components/ui/PageHeader";
import { ConnectionForm } from "@/components/ConnectionForm";

export const metadata: Metadata = { title: "Add a connection" };

export default async function NewConnectionPage() {
  await pageContext("connection.manage");
  return (
    <>
      <PageHeader
        title="Add a connection"
        description="Keyward stores the credentials encrypted and never sends them to a browser. After saving, test the connection."
      />
      <ConnectionForm vendors={allCapabilities()} />
    </>
  );
}
