/**
 * What each audit action code means, in words: the dashboard's recent activity and the audit log
 * show these, the code stays in the log (and its filters) as recorded. A code missing here (one a
 * newer console wrote) shows as itself.
 */
const AUDIT_ACTION_LABELS: Record<string, string> = {
  "auth.login": "Signed in",
  "auth.second_factor": "Second factor checked",
  "auth.sudo": "Identity confirmed",
  "auth.sso.link": "Single sign-on linked",
  "auth.session.revoke": "Session signed out",
  "auth.session.revoke_all": "Signed out everywhere",
  "account.password.change": "Password changed",
  "account.factor.enrol": "Second factor added",
  "account.factor.remove": "Second factor removed",
  "account.factor.rename": "Passkey renamed",
  "account.recovery_codes.issue": "Recovery codes made",
  "account.recovery_code.use": "Recovery code used",
  "user.create": "Account created",
  "team.create": "Team created",
  "team.update": "Team updated",
  "team.settings": "Team settings changed",
  "team.invite.create": "Invite created",
  "team.invite.revoke": "Invite revoked",
  "team.invite.accept": "Invite accepted",
  "team.member.add": "Member added",
  "team.member.role": "Member's role changed",
  "team.member.remove": "Member removed",
  "team.member.unlock": "Member's sign-in unlocked",
  "member.add": "Member added",
  "connection.create": "Connection created",
  "connection.update": "Connection changed",
  "connection.test": "Connection tested",
  "connection.reconcile": "Connection reconciled",
  "policy.update": "Policy changed",
  "request.create": "Key requested",
  "request.approve": "Request approved",
  "request.deny": "Request denied",
  "request.cancel": "Request cancelled",
  "request.lapse": "Approval lapsed",
  "key.issue": "Key issued",
  "key.delivered": "Key secret delivered",
  "key.undelivered": "Key secret not delivered",
  "key.activate": "Key activated",
  "key.deactivate": "Key deactivated",
  "key.update": "Key edited",
  "key.rotate": "Key rotated",
  "key.reset_secret": "Key secret reset",
  "key.revoke": "Key revoked",
  "key.bulk_revoke": "Keys revoked in bulk",
  "key.retire_by_hand": "Key to retire by hand",
  "key.adopt": "Key adopted",
  "key.drift": "Key drifted",
  "key.owner.change": "Key owner changed",
  "issuance.recover": "Interrupted issue recovered",
  "issuance.recover.revoke": "Interrupted key revoked",
  "issuance.retired_by_hand": "Undelivered key retired by hand",
  "audit.verify": "Audit chain verified",
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Where an event's target is shown, for the audit log's links; null where the console has no page for it. */
export function auditTargetHref(type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  switch (type) {
    case "key":
      return `/keys/${id}`;
    case "connection":
      return `/connections/${id}`;
    // No page shows one request to everyone who reads the log: its own history does.
    case "request":
      return `/audit?targetType=request&targetId=${encodeURIComponent(id)}`;
    case "user":
    case "invite":
    case "team":
      return "/team";
    default:
      return null;
  }
}
