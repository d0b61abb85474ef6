import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { RequestTable } from "@/components/RequestTable";
import { listNotifications, listRequests } from "@/lib/requests/queries";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { RequestList } from "@/components/RequestList";
import { NotificationList } from "@/components/NotificationList";
import { buttonClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "My requests" };

export default async function MyRequestsPage() {
  const { db, actor } = await pageContext("team.read");
  // Auditors file nothing but read every request (request.read.all): they get the team's, read-only.
  if (!can(actor.team.role, "request.create")) {
    if (!can(actor.team.role, "request.read.all")) notFound();
    return <TeamRequests requests={await listRequests(db, actor.team.id, {}, 100)} />;
  }
  const [requests, notices] = await Promise.all([
    listRequests(db, actor.team.id, { requesterId: actor.user.id }),
    listNotifications(db, actor.user.id, actor.team.id, 10),
  ]);
  return (
    <>
      <PageHeader
        title="My requests"
        description="Your key requests and what became of them. Issue approved keys here: the secret is shown to you once."
        actions={
          <Link href="/requests/new" className={buttonClass.primary}>
            Request a key
          </Link>
        }
      />
      <NotificationList notices={notices} />
      {requests.length === 0 ? (
        <EmptyState
          title="No requests yet"
          action={
            <Link href="/requests/new" className={buttonClass.primary}>
              Request a key
            </Link>
          }
        >
          Request a key for a connection your role is entitled to; you will find it here.
        </EmptyState>
      ) : (
        <RequestList requests={requests} />
      )}
    </>
  );
}

function TeamRequests({ requests }: { requests: Awaited<ReturnType<typeof listRequests>> }) {
  return (
    <>
      <PageHeader title="Requests" description="The team's key requests and what became of them (read-only)." />
      {requests.length === 0 ? (
        <EmptyState title="No requests yet">No one in the team has requested a key.</EmptyState>
      ) : (
        <RequestTable requests={requests} />
      )}
    </>
  );
}
