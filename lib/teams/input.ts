import { z } from "zod";
import { TEAM_ROLES } from "@/lib/auth/permissions";
import { INVITE_MAX_DAYS, INVITE_MIN_DAYS, MIN_PASSWORD_LENGTH } from "./limits";

/**
 * Team inputs, shared by the forms and the BFF so both show the same messages. Pure: no
 * server imports.
 */

const roleSchema = z.enum(TEAM_ROLES as unknown as ["admin", "member", "auditor"], {
  error: "Choose a role: admin, member or auditor.",
});
const emailSchema = z.string().trim().toLowerCase().max(320).email("Enter an e-mail address like name@example.com.");
const personNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the person's name.")
  .max(120, "Keep the name to 120 characters or fewer.");

const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, "Keep the password to 1024 characters or fewer.");

export const createTeamBodySchema = z.object({
  name: z.string().trim().min(1, "Give the team a name.").max(80, "Keep the name to 80 characters or fewer."),
});

export const inviteBodySchema = z.object({
  role: roleSchema,
  days: z.coerce
    .number({ error: `Choose how long the link stays valid: ${INVITE_MIN_DAYS} to ${INVITE_MAX_DAYS} days.` })
    .int()
    .min(INVITE_MIN_DAYS, `Choose how long the link stays valid: ${INVITE_MIN_DAYS} to ${INVITE_MAX_DAYS} days.`)
    .max(INVITE_MAX_DAYS, `Choose how long the link stays valid: ${INVITE_MIN_DAYS} to ${INVITE_MAX_DAYS} days.`),
  /** Only this address may accept the invite. */
  email: z
    .union([z.literal(""), emailSchema])
    .optional()
    .transform((v) => v || null),
});

/** Adding a person by e-mail: the answer is a sign-up link locked to the address (lib/teams/create-account.ts). */
export const createAccountBodySchema = z.object({ email: emailSchema, role: roleSchema });

export const roleBodySchema = z.object({ role: roleSchema });

const APPROVAL_WINDOW_MIN_MINUTES = 1;
const APPROVAL_WINDOW_MAX_MINUTES = 7 * 24 * 60;
const APPROVAL_WINDOW_BOUNDS = "Choose an approval window from 1 minute to 7 days (168 hours).";

const ROTATION_MIN_DAYS = 1;
const ROTATION_MAX_DAYS = 3650;
const ROTATION_BOUNDS = "Choose a rotation period from 1 to 3650 days, or leave it empty for none.";

export const settingsBodySchema = z.object({
  selfApproval: z.boolean({ error: "Say whether admins may approve their own requests." }),
  /** Minutes, so that a short window (and the lapse it causes) can be set and seen. */
  approvalWindowMinutes: z.coerce
    .number({ error: APPROVAL_WINDOW_BOUNDS })
    .int("Enter a whole number of minutes or hours.")
    .min(APPROVAL_WINDOW_MIN_MINUTES, APPROVAL_WINDOW_BOUNDS)
    .max(APPROVAL_WINDOW_MAX_MINUTES, APPROVAL_WINDOW_BOUNDS),
  ssoEmailDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(
      /^$|^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      "Enter a domain like example.com, without @.",
    )
    .optional()
    .transform((v) => v || null),
  /** Left out, it stays as it is (older clients and scripts send the other three only). */
  requireSecondFactor: z.boolean({ error: "Say whether members must have a second factor." }).optional(),
  /** The rotation policy in days; empty or null for none; left out, it stays as it is. */
  rotationDays: z
    .preprocess(
      (v) => (v === "" || v === null ? null : typeof v === "string" ? Number(v.trim()) : v),
      z
        .number({ error: ROTATION_BOUNDS })
        .int("Enter a whole number of days.")
        .min(ROTATION_MIN_DAYS, ROTATION_BOUNDS)
        .max(ROTATION_MAX_DAYS, ROTATION_BOUNDS)
        .nullable(),
    )
    .optional(),
});

/** A new visitor accepting an invite: the e-mail is the invite's own when it is locked to one. */
export const acceptWithAccountBodySchema = z.object({
  name: personNameSchema,
  email: z
    .union([z.literal(""), emailSchema])
    .optional()
    .transform((v) => v || null),
  password: passwordSchema,
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1024),
  newPassword: passwordSchema,
});
