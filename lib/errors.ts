/**
 * The one error type that crosses layers. `message` is shown to the user as is, so it must
 * say what went wrong and what to do, and must never contain a secret.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields?: FieldErrors;
  /** Facts the answer carries beside the message (say, what an earlier identical submission produced). Never a secret. */
  readonly extra?: Record<string, unknown>;

  constructor(code: string, status: number, message: string, fields?: FieldErrors, extra?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.extra = extra;
  }
}

export const badRequest = (message: string, fields?: FieldErrors) => new AppError("bad_request", 400, message, fields);
export const unauthorized = (message = "Sign in to continue.") => new AppError("unauthorized", 401, message);
export const forbidden = (message = "You do not have permission to do that.") =>
  new AppError("forbidden", 403, message);
export const notFound = (what: string) => new AppError("not_found", 404, `${what} was not found.`);
export const conflict = (message: string) => new AppError("conflict", 409, message);
export const invalid = (message: string, fields?: FieldErrors) => new AppError("invalid_input", 422, message, fields);
