/** The bounds of the team's unused-key policy; free of zod so the editor can show them too. */
export const UNUSED_POLICY_MIN_DAYS = 7;
export const UNUSED_POLICY_MAX_DAYS = 365;
export const UNUSED_POLICY_BOUNDS = `Enter ${UNUSED_POLICY_MIN_DAYS} to ${UNUSED_POLICY_MAX_DAYS} days, or leave it empty to turn the policy off.`;
