import { AppError } from "@/lib/errors";

/**
 * Why a vendor call failed, in terms a user can act on. The message is shown in the UI and
 * written to the audit log, so it carries the vendor's own words but never a credential.
 */
export type VendorFailure =
  | "vendor_auth" // the vendor rejected the connection's credentials
  | "vendor_forbidden" // authenticated, but the account lacks a right
  | "vendor_rejected" // the vendor refused the request's content (bad role, bad expiry…)
  | "vendor_not_found" // the key or object no longer exists on the vendor
  | "vendor_unreachable"
  | "vendor_timeout"
  | "vendor_tls"
  | "vendor_bad_response"; // an answer the adapter cannot understand

const statusOf: Record<VendorFailure, number> = {
  vendor_auth: 502,
  vendor_forbidden: 502,
  vendor_rejected: 422,
  vendor_not_found: 404,
  vendor_unreachable: 502,
  vendor_timeout: 504,
  vendor_tls: 502,
  vendor_bad_response: 502,
};

export class VendorError extends AppError {
  readonly failure: VendorFailure;
  /** HTTP status the vendor answered with, when it answered. */
  readonly vendorStatus?: number;

  constructor(failure: VendorFailure, message: string, vendorStatus?: number) {
    super(failure, statusOf[failure], message);
    this.name = "VendorError";
    this.failure = failure;
    this.vendorStatus = vendorStatus;
  }
}

/**
 * The person waiting for a mint left (closed the page or pressed Cancel) while the adapter
 * could still stop cleanly: nothing it started is left on the vendor.
 */
export function mintCancelled(undone: string): AppError {
  return new AppError("issue_cancelled", 409, `The issue was cancelled before a key was made. ${undone}`);
}
