"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { TeamSettingsView } from "@/lib/teams/queries";
import { api } from "../api-client";
import { useMutation } from "../use-mutation";
import { Alert } from "../ui/Alert";
import { ErrorSummary, SubmitError } from "../ui/ErrorSummary";
import { Field, describedBy } from "../ui/Field";
import { buttonClass, inputClass } from "../ui/styles";

type WindowUnit = "minutes" | "hours";

/** The BFF keys its refusals by setting; the summary links to the control. */
const settingsFieldId = (key: string) =>
  ({ approvalWindowMinutes: "approval-window", ssoEmailDomain: "sso-domain", rotationDays: "rotation-days" })[key] ??
  key;

/** An empty or non-numeric amount is sent as is, so the BFF's message names the problem. */
function windowMinutes(amount: string, unit: WindowUnit): number | string {
  const n = Number(amount);
  if (amount.trim() === "" || !Number.isFinite(n)) return amount;
  return unit === "hours" ? n * 60 : n;
}

export function TeamSettingsForm({ initial, canManage }: { initial: TeamSettingsView; canManage: boolean }) {
  const router = useRouter();
  const [selfApproval, setSelfApproval] = useState(initial.selfApproval);
  const initialUnit: WindowUnit = initial.approvalWindowMinutes % 60 === 0 ? "hours" : "minutes";
  const [windowAmount, setWindowAmount] = useState(
    String(initialUnit === "hours" ? initial.approvalWindowMinutes / 60 : initial.approvalWindowMinutes),
  );
  const [windowUnit, setWindowUnit] = useState<WindowUnit>(initialUnit);
  const [domain, setDomain] = useState(initial.ssoEmailDomain ?? "");
  const [requireSecondFactor, setRequireSecondFactor] = useState(initial.requireSecondFactor);
  const [rotationDays, setRotationDays] = useState(initial.rotationDays === null ? "" : String(initial.rotationDays));
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    async () => {
      setSaved(false);
      await api("PUT /api/team/settings", {
        body: {
          selfApproval,
          approvalWindowMinutes: windowMinutes(windowAmount, windowUnit),
          ssoEmailDomain: domain,
          requireSecondFactor,
          rotationDays: rotationDays.trim(),
        },
      });
      setSaved(true);
      router.refresh();
    },
    { fallback: "The settings were not saved." },
  );
  const { busy, fieldErrors: errors } = save;

  /** Cancel: the settings back as saved, nothing sent. */
  function reset() {
    setSelfApproval(initial.selfApproval);
    setWindowAmount(
      String(initialUnit === "hours" ? initial.approvalWindowMinutes / 60 : initial.approvalWindowMinutes),
    );
    setWindowUnit(initialUnit);
    setDomain(initial.ssoEmailDomain ?? "");
    setRequireSecondFactor(initial.requireSecondFactor);
    setRotationDays(initial.rotationDays === null ? "" : String(initial.rotationDays));
    setSaved(false);
    save.fail(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save.run();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
      <ErrorSummary errors={errors} fieldId={settingsFieldId} />
      {saved ? <Alert tone="success">Settings saved.</Alert> : null}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={selfApproval}
          disabled={!canManage}
          onChange={(e) => setSelfApproval(e.target.checked)}
        />
        Admins may approve their own key requests
      </label>
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={requireSecondFactor}
            disabled={!canManage}
            onChange={(e) => setRequireSecondFactor(e.target.checked)}
            aria-describedby="require-second-factor-help"
          />
          Require a second factor
        </label>
        <p id="require-second-factor-help" className="text-xs text-slate-600 dark:text-slate-400">
          Members who sign in with a password and have no passkey or authenticator app must add one before anything
          else. Single sign-on leaves this to the identity provider.
        </p>
      </div>
      <Field
        id="approval-window"
        label="Approval window"
        error={errors.approvalWindowMinutes}
        help="How long an approved request stays issuable before it lapses: 1 minute to 7 days."
      >
        <div className="flex gap-2">
          <input
            id="approval-window"
            type="number"
            min={1}
            max={windowUnit === "hours" ? 168 : 10080}
            value={windowAmount}
            disabled={!canManage}
            onChange={(e) => setWindowAmount(e.target.value)}
            aria-invalid={Boolean(errors.approvalWindowMinutes)}
            aria-describedby={describedBy("approval-window", errors.approvalWindowMinutes, true)}
            className={inputClass}
          />
          <div className="w-32 shrink-0">
            <select
              aria-label="Approval window unit"
              value={windowUnit}
              disabled={!canManage}
              onChange={(e) => setWindowUnit(e.target.value === "minutes" ? "minutes" : "hours")}
              className={inputClass}
            >
              <option value="hours">hours</option>
              <option value="minutes">minutes</option>
            </select>
          </div>
        </div>
      </Field>
      <Field
        id="rotation-days"
        label="Rotate keys every (days, optional)"
        error={errors.rotationDays}
        help="A key's owner is told once when it has been in use this long: rotate it from its page. Empty: no rotation policy."
      >
        <input
          id="rotation-days"
          type="number"
          min={1}
          max={3650}
          value={rotationDays}
          disabled={!canManage}
          placeholder="e.g. 90"
          onChange={(e) => setRotationDays(e.target.value)}
          aria-invalid={Boolean(errors.rotationDays)}
          aria-describedby={describedBy("rotation-days", errors.rotationDays, true)}
          className={inputClass}
        />
      </Field>
      <Field
        id="sso-domain"
        label="SSO e-mail domain (optional)"
        error={errors.ssoEmailDomain}
        help="SSO users with an e-mail in this domain join the team as members on first sign-in."
      >
        <input
          id="sso-domain"
          value={domain}
          disabled={!canManage}
          placeholder="example.com"
          onChange={(e) => setDomain(e.target.value)}
          aria-invalid={Boolean(errors.ssoEmailDomain)}
          aria-describedby={describedBy("sso-domain", errors.ssoEmailDomain, true)}
          className={inputClass}
        />
      </Field>
      {save.error ? <SubmitError focus={!Object.keys(errors).length}>{save.error}</SubmitError> : null}
      {canManage ? (
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={busy} className={buttonClass.primary}>
            {busy ? "Saving…" : "Save settings"}
          </button>
          <button type="button" disabled={busy} onClick={reset} className={buttonClass.secondary}>
            Cancel
          </button>
        </div>
      ) : null}
    </form>
  );
}
