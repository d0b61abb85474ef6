import Link from "next/link";
import { Alert } from "./ui/Alert";
import { SubmitError } from "./ui/ErrorSummary";
import { linkClass } from "./ui/styles";

/** The element each of the form's error keys names, for the error summary's links. */
export function issueFieldId(key: string): string | string[] {
  if (key.startsWith("fields.")) return `issue-${key.slice("fields.".length)}`;
  const ids: Record<string, string[]> = {
    name: ["key-name"],
    scope: ["scope", "scope-error"],
    securityLevel: ["level-error"],
    expiresAt: ["expiry-date", "expiry-error"],
    reason: ["reason"],
  };
  return ids[key] ?? key;
}

/** Why the submit did not issue, beside the button: the vendor's refusal, a cancel, or a key already issued. */
export function IssueFormOutcome({
  error,
  fieldsToo,
}: {
  error: { message: string; keyId?: string; cancelled?: boolean };
  fieldsToo: boolean;
}) {
  if (error.cancelled)
    return (
      <Alert tone="warning" title="Issue cancelled">
        {error.message}
      </Alert>
    );
  return (
    <SubmitError
      title={error.keyId ? "This submission was already issued" : "The key was not issued"}
      focus={!fieldsToo}
    >
      {error.message}
      {error.keyId ? (
        <>
          {" "}
          <Link href={`/keys/${error.keyId}`} className={linkClass}>
            Open the key
          </Link>
          .
        </>
      ) : null}
    </SubmitError>
  );
}
