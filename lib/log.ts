import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The console's one logger: JSON lines on stdout (pino), one object per event, so a log
 * collector keeps them and a verifier can read them back (the audit chain's heads,
 * lib/audit/head-log.ts). Whatever is logged passes the redaction below first:
 *
 * - a field whose name says credential (password, secret, token, apiKey, authorization,
 *   cookie, session, credential, private key) is replaced at any depth, whatever its value;
 * - every string is scrubbed of the credential forms a text can carry: `Bearer`/`Basic`
 *   values, a URL's user:password, `password=…`-style pairs (query strings, forms, headers,
 *   JSON), JWTs and PEM private keys;
 * - an Error anywhere becomes its name, SQLSTATE and stack frames — never its message: a
 *   driver's message quotes the statement and its parameters (password hashes, e-mail
 *   addresses, certificates), and a vendor's quotes its answer.
 */

const REDACTED = "[redacted]";
const MAX_DEPTH = 8;
const FRAME = /^\s+at /;
const MAX_FRAMES = 8;

/** Field names that hold a credential, in any spelling: apiKey, api_key, X-Api-Key, sessionToken, set-cookie… */
const CREDENTIAL_FIELD =
  /pass(word|phrase|wd)?$|^pwd$|secret|token|api[-_]?key|authori[sz]ation|cookie|session|credential|private[-_]?key|^sig(nature)?$/i;

const CREDENTIAL_NAME =
  "pass(?:word|phrase|wd)?|pwd|secret|client_secret|[a-z_-]*token|api[-_]?key|key|authori[sz]ation|cookie|session(?:id)?|sid|sig|signature|credentials?";

/** Credential forms inside free text, each replaced by its label and [redacted]. */
const TEXT_RULES: Array<[RegExp, string]> = [
  // PEM private keys, whole.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Header lines: Authorization, Cookie, Set-Cookie, X-Api-Key… to the end of the line.
  [
    /\b((?:proxy-)?authori[sz]ation|set-cookie|cookie|x-[a-z-]*(?:key|token|secret))(\s*[:=]\s*)[^\r\n]+/gi,
    `$1$2${REDACTED}`,
  ],
  // HTTP auth schemes anywhere.
  [/\b(Bearer|Basic|Digest|Negotiate)\s+[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${REDACTED}`],
  // user:password@ in a URL.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, `$1${REDACTED}@`],
  // JSON pairs: "password": "…"
  [new RegExp(`("(?:${CREDENTIAL_NAME})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"), `$1"${REDACTED}"`],
  // Query strings, forms, key=value text: password=…, api_key=…, token: …
  [new RegExp(`\\b(${CREDENTIAL_NAME})(\\s*[=:]\\s*)(?!\\[redacted\\])[^\\s&;,"'<>]+`, "gi"), `$1$2${REDACTED}`],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** A string with every credential form it could carry removed. */
export function scrubText(text: string): string {
  return TEXT_RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function stackFrames(err: Error): string[] {
  return (err.stack ?? "")
    .split("\n")
    .filter((line) => FRAME.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => line.trim());
}

/** SQLSTATE codes are five characters from a fixed alphabet: safe to log, and they say what failed. */
function sqlState(err: unknown): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === "object" && depth < 3;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

interface SafeError {
  name: string;
  sqlState?: string;
  frames: string[];
}

/** An error as the log keeps it: name, SQLSTATE, frames. Never the message. */
function describeError(err: unknown): SafeError | string {
  if (!(err instanceof Error)) return `non-error value (${typeof err})`;
  const name = /^[A-Za-z0-9_$]{1,60}$/.test(err.name) ? err.name : "Error";
  const code = sqlState(err);
  return { name, ...(code ? { sqlState: code } : {}), frames: stackFrames(err) };
}

/** A value as it may be logged: credential fields replaced, strings scrubbed, errors described. */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value instanceof Error) return describeError(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redactForLog(v, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = CREDENTIAL_FIELD.test(key) && v !== null && v !== undefined ? REDACTED : redactForLog(v, depth + 1);
  }
  return out;
}

/** A logger writing to `destination` (stdout by default): what tests capture, and what each instance writes. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      serializers: { err: (value: unknown) => redactForLog(value) },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactForLog(object) as Record<string, unknown>,
      },
      // The message is the event's name, scrubbed too in case a caller interpolated something into it.
      hooks: {
        logMethod(args, method) {
          const [given, ...rest] = args as unknown[];
          if (typeof given === "string") return method.apply(this, [scrubText(given)] as never);
          // pino would take an Error's message as the line's message: it is wrapped and described instead.
          const first = given instanceof Error ? { error: given } : given;
          const msg = typeof rest[0] === "string" ? [scrubText(rest[0])] : [];
          return method.apply(this, [first, ...msg] as never);
        },
      },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

interface LineSink {
  write(line: string): void;
}

const stdout = pino.destination({ fd: 1, sync: true });
let sink: LineSink = stdout;

/**
 * The process's logger. Its lines go to stdout — the stream a container platform keeps when the
 * container and its disk are gone — unless a test has redirected them (captureLog).
 */
export const log: Logger = createLogger({ write: (line: string) => sink.write(line) });

/** Sends the process logger's lines to `to` until the returned function is called (tests read them back). */
export function redirectLog(to: LineSink): () => void {
  const before = sink;
  sink = to;
  return () => {
    sink = before;
  };
}

/** One line at error level: `{"msg":"<what> failed","error":{"name":…,"sqlState":…,"frames":[…]}}`. */
export function logUnexpected(what: string, err: unknown, logger: Logger = log): void {
  logger.error({ error: describeError(err) }, `${what} failed`);
}
