import type { Metadata } from "next";
import { pageContext } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listWebhooks } from "@/lib/notify/webhooks";
import { deliveryLog } from "@/lib/notify/outbox";
import { PageHeader } from "@/components/ui/PageHeader";
import { WebhookForm } from "@/components/notify/WebhookForm";
import { WebhookList } from "@/components/notify/WebhookList";
import { DeliveryLog } from "@/components/notify/DeliveryLog";
import { AuditStreamList } from "@/components/notify/AuditStreamList";
import { AuditStreamForm } from "@/components/notify/AuditStreamForm";
import { listStreams } from "@/lib/audit/stream/streams";
import { Section } from "@/components/ui/Section";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const { db, actor } = await pageContext("notify.read");
  const canManage = can(actor.team.role, "integration.manage");
  const [hooks, log, streams] = await Promise.all([
    listWebhooks(db, actor.team.id),
    deliveryLog(db, actor.team.id),
    listStreams(db, actor.team.id),
  ]);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Webhooks tell your automation what happened; audit streams send the audit trail to your SIEM."
      />
      <div className="space-y-6">
        <Section title="Webhook endpoints">
          <WebhookList webhooks={hooks} canManage={canManage} />
        </Section>
        {canManage ? (
          <Section
            title="Add an endpoint"
            description="Keyward resolves the name itself and connects only to the address it checked."
          >
            <WebhookForm />
          </Section>
        ) : null}
        <Section title="Webhook deliveries">
          <DeliveryLog rows={log.filter((r) => r.channel === "webhook")} />
        </Section>
        <Section
          title="Audit streams"
          description="Every audit event of the team, in order, with its chain hash: to a syslog receiver over TLS (RFC 5424, octet-counted) or POSTed to an HTTPS endpoint as JSON lines. A receiver that was down or refused a batch gets the backlog."
        >
          <AuditStreamList streams={streams} canManage={canManage} />
        </Section>
        {canManage ? (
          <Section title="Add an audit stream">
            <AuditStreamForm />
          </Section>
        ) : null}
      </div>
    </>
  );
}
