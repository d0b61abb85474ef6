import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { listRequests } from "@/lib/requests/queries";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { ApprovalQueue } from "@/components/ApprovalQueue";
import { RequestTable } from "@/components/RequestTable";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const { db, actor } = await pageContext("request.decide");
  const all = await listRequests(db, actor.team.id, {}, 100);
  const pending = all.filter((r) => r.status === "pending");
  const decided = all.filter((r) => r.status !== "pending").slice(0, 30);
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Key requests waiting for a decision. Approving lets the requester issue the key themself — you never see its secret."
      />
      {pending.length === 0 ? (
        <EmptyState title="Nothing to decide">No request is waiting for approval.</EmptyState>
      ) : (
        <ApprovalQueue requests={pending} selfId={actor.user.id} />
      )}
      {decided.length ? (
        <section className="mt-10" aria-labelledby="decided-h">
          <h2 id="decided-h" className="mb-3 text-lg font-semibold">
            Recent requests
          </h2>
          <RequestTable requests={decided} />
        </section>
      ) : null}
    </>
  );
}
