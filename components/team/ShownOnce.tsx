"use client";

import { CopyButton } from "../CopyButton";
import { Alert } from "../ui/Alert";
import { inputClass } from "../ui/styles";

/** A value the server will never show again (an invite link, a one-time password). */
export function ShownOnce({
  title,
  label,
  value,
  testId,
  children,
}: {
  title: string;
  label: string;
  value: string;
  testId: string;
  children?: React.ReactNode;
}) {
  return (
    <Alert tone="success" title={title}>
      <p>{children} It is shown only now: copy it before leaving this page.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={testId}>
          {label}
        </label>
        <input
          id={testId}
          data-testid={testId}
          readOnly
          value={value}
          className={`${inputClass} max-w-xl font-mono`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={value} />
      </div>
    </Alert>
  );
}
