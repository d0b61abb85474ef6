/** The browser's side of the BFF: JSON in, JSON out, errors as values the forms can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Asks the user to confirm their password; resolves true once sudo mode is on. Set by <SudoDialog>. */
type SudoPrompt = (reason: string) => Promise<boolean>;
let sudoPrompt: SudoPrompt | null = null;
export function registerSudoPrompt(prompt: SudoPrompt | null): void {
  sudoPrompt = prompt;
}

/**
 * Calls the BFF. When the server asks for a recent password confirmation (sudo mode), the
 * user is asked inline and the same request is sent once more, so the action resumes.
 */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  try {
    return await apiFetchOnce<T>(path, init);
  } catch (err) {
    if (err instanceof ApiError && err.code === "sudo_required" && sudoPrompt && (await sudoPrompt(err.message))) {
      return apiFetchOnce<T>(path, init);
    }
    throw err;
  }
}

async function apiFetchOnce<T>(path: string, init: { method?: string; body?: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network", "The console could not be reached. Check your network and try again.");
  }
  const payload = (await res.json().catch(() => null)) as { error?: { code: string; message: string; fields?: Record<string, string> } } | null;
  if (!res.ok) {
    const e = payload?.error;
    throw new ApiError(res.status, e?.code ?? "http_error", e?.message ?? `The console answered ${res.status}.`, e?.fields ?? {});
  }
  return payload as T;
}
