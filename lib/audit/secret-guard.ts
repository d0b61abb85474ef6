/**
 * A coding mistake that puts a secret into an audit event must fail, not leak: recordAudit
 * refuses any `detail` with a field named like a secret, at any depth. Names are compared
 * without case, `_` or `-`, and a field is refused when its name is, or ends with, one of
 * these words and it carries text — so `clientSecret` and `new_password` are refused while
 * `secretsChanged` (a list of which fields changed), `vendorKeyId` and a boolean
 * `mustChangePassword` pass.
 */
const SECRET_NAME =
  /(password|passwd|passphrase|secret|secretkey|token|apikey|privatekey|keymaterial|credential|credentials)$/;
const EXACTLY_SECRET = new Set(["key", "pem", "cookie", "authorization"]);

export function isSecretFieldName(name: string): boolean {
  const n = name.toLowerCase().replace(/[_\-\s]/g, "");
  return EXACTLY_SECRET.has(n) || SECRET_NAME.test(n);
}

function carriesText(value: unknown): boolean {
  if (typeof value === "string") return true;
  if (Array.isArray(value)) return value.some(carriesText);
  if (value && typeof value === "object") return Object.values(value).some(carriesText);
  return false;
}

/** The dotted path of the first secret-named field that carries text in `value`, or null. */
export function secretFieldPath(value: unknown, path = ""): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = secretFieldPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const here = path ? `${path}.${k}` : k;
      // A flag such as `mustChangePassword: true` holds no secret; only text can.
      if (isSecretFieldName(k) && carriesText(v)) return here;
      const found = secretFieldPath(v, here);
      if (found) return found;
    }
  }
  return null;
}

export class SecretInAuditDetailError extends Error {
  constructor(action: string, field: string) {
    // Names the field only, never its value.
    super(`Refusing to record audit event "${action}": detail field "${field}" is named like a secret.`);
    this.name = "SecretInAuditDetailError";
  }
}
