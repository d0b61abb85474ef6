/** Shown by the request form and the BFF alike when a request gives no reason. */
export const REASON_REQUIRED = "Say why you need this key; approvers and the audit log see it.";
