"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { buttonClass } from "./ui/styles";

interface Props {
  open: boolean;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** False while the dialog still loads what the confirmation depends on: Confirm waits, Cancel does not. */
  ready?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/**
 * The one confirmation every destructive or privilege-changing action goes through (native
 * <dialog>: focus trap and Esc for free). It opens on Cancel, so Enter alone changes nothing.
 */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  danger,
  busy,
  ready = true,
  onConfirm,
  onCancel,
  children,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Several dialogs can sit on one page (the team page's removal and unlock): each names itself.
  const titleId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // showModal focuses the first control, which in a dialog with choices (radios) is not Cancel.
      cancel.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-2 space-y-3 text-sm text-slate-700 dark:text-slate-300">{children}</div>
      <div className="mt-6 flex justify-end gap-2">
        <button ref={cancel} type="button" onClick={onCancel} disabled={busy} className={buttonClass.secondary}>
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          disabled={busy || !ready}
          className={danger ? buttonClass.danger : buttonClass.primary}
        >
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
