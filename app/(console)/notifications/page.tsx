import type { Metadata } from "next";
import Link from "next/link";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { mailConfigured } from "@/lib/env";
import { deliveryLog } from "@/lib/notify/outbox";
import { mutedEvents, teamRules } from "@/lib/notify/rules";
import { PageHeader } from "@/components/ui/PageHeader";
import { Alert } from "@/components/ui/Alert";
import { linkClass } from "@/components/ui/styles";
import { RulesForm } from "@/components/notify/RulesForm";
import { MuteForm } from "@/components/notify/MuteForm";
import { DeliveryLog } from "@/components/notify/DeliveryLog";
import { Section } from "@/components/ui/Section";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const { db, actor } = await pageContext("team.read");
  const canRead = can(actor.team.role, "notify.read");
  const [rules, muted, log] = await Promise.all([
    teamRules(db, actor.team.id),
    mutedEvents(db, actor.user.id, actor.team.id),
    canRead ? deliveryLog(db, actor.team.id) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Who hears about expiring keys, waiting requests and Keyward's own credentials, and how."
      />
      <div className="space-y-6">
        <Section
          title="What I hear about"
          description="Mute what is not yours to act on. A muted event reaches you on no channel, in this team only."
        >
          <MuteForm initial={muted} />
        </Section>
        {canRead ? (
          <>
            <Section
              title="Team rules"
              description="Which events reach whom, over which channels. Reminders go out once per key and number of days, even with several consoles."
            >
              <RulesForm initial={rules} canManage={can(actor.team.role, "notify.manage")} />
            </Section>
            <Section
              title="Delivery log"
              description="E-mails leave from an outbox, off the request path: a slow mail server never holds anyone up. Failures are retried for a day."
            >
              {mailConfigured() ? null : (
                <Alert tone="info">
                  No mail server is configured (KEYWARD_SMTP_URL), so e-mails are held here.{" "}
                  <Link href="/notifications/outbox" className={linkClass}>
                    Read what would have been mailed
                  </Link>
                  .
                </Alert>
              )}
              <DeliveryLog rows={log} />
            </Section>
          </>
        ) : null}
      </div>
    </>
  );
}
