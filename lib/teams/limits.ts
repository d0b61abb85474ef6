// Team limits the forms show and the BFF's schemas (input.ts) enforce. Kept apart from the
// schemas so the browser gets the numbers without zod.
export const MIN_PASSWORD_LENGTH = 12;
export const INVITE_MIN_DAYS = 1;
export const INVITE_MAX_DAYS = 14;
