// The BFF calls the browser makes, each named "METHOD /path/:param" and pointing at its handler:
// the typed client (api-client.ts) reads the body it takes and the answer it gives from the
// handler itself (endpoint()'s types), so neither is restated here. Type imports only: nothing of
// the server reaches the bundle.
import type * as AccountPasskeys from "@/app/api/account/passkeys/route";
import type * as AccountPasskey from "@/app/api/account/passkeys/[id]/route";
import type * as AccountPasskeyOptions from "@/app/api/account/passkeys/options/route";
import type * as AccountPassword from "@/app/api/account/password/route";
import type * as AccountRecoveryCodes from "@/app/api/account/recovery-codes/route";
import type * as AccountTotp from "@/app/api/account/totp/route";
import type * as AccountTotpConfirm from "@/app/api/account/totp/confirm/route";
import type * as AccountSessions from "@/app/api/account/sessions/route";
import type * as AccountSession from "@/app/api/account/sessions/[id]/route";
import type * as AuditVerify from "@/app/api/audit/verify/route";
import type * as AuditStreams from "@/app/api/audit-streams/route";
import type * as AuditStream from "@/app/api/audit-streams/[id]/route";
import type * as SecondFactor from "@/app/api/auth/second-factor/route";
import type * as Sudo from "@/app/api/auth/sudo/route";
import type * as SudoPasskeyOptions from "@/app/api/auth/sudo/passkey-options/route";
import type * as SudoSso from "@/app/api/auth/sudo/sso/route";
import type * as Connections from "@/app/api/connections/route";
import type * as Connection from "@/app/api/connections/[id]/route";
import type * as ConnectionGrants from "@/app/api/connections/[id]/grants/route";
import type * as ConnectionReconcile from "@/app/api/connections/[id]/reconcile/route";
import type * as ConnectionRoles from "@/app/api/connections/[id]/roles/route";
import type * as ConnectionTest from "@/app/api/connections/[id]/test/route";
import type * as IssueAttemptRetired from "@/app/api/issue-attempts/retired/route";
import type * as InviteAccept from "@/app/api/invites/[token]/accept/route";
import type * as InviteAccount from "@/app/api/invites/[token]/account/route";
import type * as Keys from "@/app/api/keys/route";
import type * as Key from "@/app/api/keys/[id]/route";
import type * as KeysBulkRevoke from "@/app/api/keys/bulk-revoke/route";
import type * as KeysRevokePreview from "@/app/api/keys/revoke-preview/route";
import type * as KeyActivate from "@/app/api/keys/[id]/activate/route";
import type * as KeyDeactivate from "@/app/api/keys/[id]/deactivate/route";
import type * as KeyReceived from "@/app/api/keys/[id]/received/route";
import type * as KeyResetSecret from "@/app/api/keys/[id]/reset-secret/route";
import type * as KeyRevoke from "@/app/api/keys/[id]/revoke/route";
import type * as KeyRotate from "@/app/api/keys/[id]/rotate/route";
import type * as Notifications from "@/app/api/notifications/route";
import type * as NotificationRules from "@/app/api/notifications/rules/route";
import type * as NotificationMutes from "@/app/api/notifications/mutes/route";
import type * as Requests from "@/app/api/requests/route";
import type * as RequestApprove from "@/app/api/requests/[id]/approve/route";
import type * as RequestCancel from "@/app/api/requests/[id]/cancel/route";
import type * as RequestDeny from "@/app/api/requests/[id]/deny/route";
import type * as RequestIssue from "@/app/api/requests/[id]/issue/route";
import type * as TeamInvites from "@/app/api/team/invites/route";
import type * as TeamInvite from "@/app/api/team/invites/[id]/route";
import type * as TeamMembers from "@/app/api/team/members/route";
import type * as TeamMember from "@/app/api/team/members/[userId]/route";
import type * as TeamMemberKeys from "@/app/api/team/members/[userId]/keys/route";
import type * as TeamMemberUnlock from "@/app/api/team/members/[userId]/unlock/route";
import type * as TeamSettings from "@/app/api/team/settings/route";
import type * as Teams from "@/app/api/teams/route";
import type * as TeamSwitch from "@/app/api/teams/[id]/switch/route";
import type * as UnmanagedAdopt from "@/app/api/unmanaged/[id]/adopt/route";
import type * as Webhooks from "@/app/api/webhooks/route";
import type * as UnusedPolicy from "@/app/api/team/unused-policy/route";
import type * as Webhook from "@/app/api/webhooks/[id]/route";
import type * as WebhookTest from "@/app/api/webhooks/[id]/test/route";

interface ApiRoutes {
  "POST /api/account/passkeys": typeof AccountPasskeys.POST;
  "PATCH /api/account/passkeys/:id": typeof AccountPasskey.PATCH;
  "DELETE /api/account/passkeys/:id": typeof AccountPasskey.DELETE;
  "POST /api/account/passkeys/options": typeof AccountPasskeyOptions.POST;
  "POST /api/account/password": typeof AccountPassword.POST;
  "POST /api/account/recovery-codes": typeof AccountRecoveryCodes.POST;
  "POST /api/account/totp": typeof AccountTotp.POST;
  "DELETE /api/account/totp": typeof AccountTotp.DELETE;
  "POST /api/account/totp/confirm": typeof AccountTotpConfirm.POST;
  "GET /api/account/sessions": typeof AccountSessions.GET;
  "DELETE /api/account/sessions": typeof AccountSessions.DELETE;
  "DELETE /api/account/sessions/:id": typeof AccountSession.DELETE;
  "POST /api/audit/verify": typeof AuditVerify.POST;
  "POST /api/auth/second-factor": typeof SecondFactor.POST;
  "POST /api/auth/sudo": typeof Sudo.POST;
  "POST /api/auth/sudo/passkey-options": typeof SudoPasskeyOptions.POST;
  "POST /api/auth/sudo/sso": typeof SudoSso.POST;
  "POST /api/connections": typeof Connections.POST;
  "PUT /api/connections/:id": typeof Connection.PUT;
  "PUT /api/connections/:id/grants": typeof ConnectionGrants.PUT;
  "POST /api/connections/:id/reconcile": typeof ConnectionReconcile.POST;
  "GET /api/connections/:id/roles": typeof ConnectionRoles.GET;
  "POST /api/connections/:id/test": typeof ConnectionTest.POST;
  "POST /api/issue-attempts/retired": typeof IssueAttemptRetired.POST;
  "POST /api/invites/:token/accept": typeof InviteAccept.POST;
  "POST /api/invites/:token/account": typeof InviteAccount.POST;
  "POST /api/keys": typeof Keys.POST;
  "POST /api/keys/bulk-revoke": typeof KeysBulkRevoke.POST;
  "GET /api/keys/revoke-preview": typeof KeysRevokePreview.GET;
  "PATCH /api/keys/:id": typeof Key.PATCH;
  "POST /api/keys/:id/activate": typeof KeyActivate.POST;
  "POST /api/keys/:id/deactivate": typeof KeyDeactivate.POST;
  "POST /api/keys/:id/received": typeof KeyReceived.POST;
  "POST /api/keys/:id/reset-secret": typeof KeyResetSecret.POST;
  "POST /api/keys/:id/revoke": typeof KeyRevoke.POST;
  "POST /api/keys/:id/rotate": typeof KeyRotate.POST;
  "POST /api/notifications": typeof Notifications.POST;
  "PUT /api/notifications/rules": typeof NotificationRules.PUT;
  "PUT /api/notifications/mutes": typeof NotificationMutes.PUT;
  "POST /api/requests": typeof Requests.POST;
  "POST /api/requests/:id/approve": typeof RequestApprove.POST;
  "POST /api/requests/:id/cancel": typeof RequestCancel.POST;
  "POST /api/requests/:id/deny": typeof RequestDeny.POST;
  "POST /api/requests/:id/issue": typeof RequestIssue.POST;
  "POST /api/team/invites": typeof TeamInvites.POST;
  "DELETE /api/team/invites/:id": typeof TeamInvite.DELETE;
  "POST /api/team/members": typeof TeamMembers.POST;
  "PATCH /api/team/members/:userId": typeof TeamMember.PATCH;
  "DELETE /api/team/members/:userId": typeof TeamMember.DELETE;
  "GET /api/team/members/:userId/keys": typeof TeamMemberKeys.GET;
  "POST /api/team/members/:userId/unlock": typeof TeamMemberUnlock.POST;
  "PUT /api/team/settings": typeof TeamSettings.PUT;
  "PUT /api/team/unused-policy": typeof UnusedPolicy.PUT;
  "POST /api/teams": typeof Teams.POST;
  "POST /api/teams/:id/switch": typeof TeamSwitch.POST;
  "POST /api/unmanaged/:id/adopt": typeof UnmanagedAdopt.POST;
  "POST /api/webhooks": typeof Webhooks.POST;
  "POST /api/audit-streams": typeof AuditStreams.POST;
  "DELETE /api/audit-streams/:id": typeof AuditStream.DELETE;
  "DELETE /api/webhooks/:id": typeof Webhook.DELETE;
  "POST /api/webhooks/:id/test": typeof WebhookTest.POST;
}

export type ApiRoute = keyof ApiRoutes;

type TypesOf<R extends ApiRoute> = NonNullable<ApiRoutes[R]["types"]>;
/** The JSON body a route takes (undefined: none). */
export type ApiInput<R extends ApiRoute> = TypesOf<R>["input"];
/** The JSON a route answers with. */
export type ApiResult<R extends ApiRoute> = TypesOf<R>["result"];

type ParamNames<S extends string> = S extends `${string}:${infer P}/${infer Rest}`
  ? P | ParamNames<`/${Rest}`>
  : S extends `${string}:${infer P}`
    ? P
    : never;
/** The path parameters a route names (`:id` → `{ id: string }`). */
export type ApiParams<R extends ApiRoute> = Record<ParamNames<R>, string>;

/** The address of a call: the route's path with its parameters filled in (encoded). */
export function apiPath<R extends ApiRoute>(route: R, params: ApiParams<R>): { method: string; path: string } {
  const [method, template] = route.split(" ") as [string, string];
  const path = template.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent((params as Record<string, string>)[name] ?? ""),
  );
  return { method, path };
}
