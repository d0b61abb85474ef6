import { z } from "zod";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

const passkeyName = z
  .string()
  .trim()
  .min(1, "Name the passkey (say, “Work laptop”).")
  .max(60, "Keep the name under 60 characters.");

/** The browser's answer is checked by @simplewebauthn/server; here only its shape and size. */
const answerShape = z.object({
  id: z.string().min(1).max(1024),
  rawId: z.string().max(1024),
  type: z.literal("public-key"),
  response: z.object({ clientDataJSON: z.string().max(4096) }).passthrough(),
});
const webauthnAnswer = <T>() =>
  z.custom<T>(
    (v) => answerShape.safeParse(v).success && JSON.stringify(v).length < 16_384,
    "The passkey's answer could not be read. Try again.",
  );

export const registerPasskeyBodySchema = z.object({
  name: passkeyName,
  response: webauthnAnswer<RegistrationResponseJSON>(),
});

export const renamePasskeyBodySchema = z.object({ name: passkeyName });

export const totpCodeBodySchema = z.object({
  code: z.string().trim().min(1, "Enter the 6-digit code from your app.").max(16, "Enter the 6-digit code."),
});

/** Sudo: a passkey alone, or the password (with the app's code when the account has a second factor). */
export const sudoBodySchema = z.union([
  z.object({ passkey: webauthnAnswer<AuthenticationResponseJSON>() }),
  z.object({
    password: z.string().min(1, "Enter your password.").max(1024),
    code: z.string().trim().max(16).optional(),
  }),
]);
