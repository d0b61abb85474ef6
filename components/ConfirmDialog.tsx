"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { buttonClass } from "./ui/styles";

interface Props {
  open: boolean;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/** A modal confirmation for actions that change a key on the vendor (native <dialog>: focus trap and Esc for free). */
export function ConfirmDialog({ open, title, confirmLabel, danger, busy, onConfirm, onCancel, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Several dialogs can sit on one page (the team page's removal and unlock): each names itself.
  const titleId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
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
        {/* The safe choice takes the focus when the dialog opens: Enter alone changes nothing. */}
        <button type="button" onClick={onCancel} disabled={busy} className={buttonClass.secondary} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          disabled={busy}
          className={danger ? buttonClass.danger : buttonClass.primary}
        >
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
