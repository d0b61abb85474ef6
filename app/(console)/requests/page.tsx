import Link from "next/link";
import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { listNotifications, listRequests } from "@/lib/requests/queries";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { RequestList } from "@/components/RequestList";
import { NotificationList } from "@/components/NotificationList";
import { buttonClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "My requests" };

export default async function MyRequestsPage() {
  const { db, actor } = await pageContext("request.create");
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
