/**
 * The deal rules the UI checks as the host types, kept free of zod so the Catalog page does not download
 * the schemas (and zod's start-up `new Function` probe, which the CSP refuses) for two constants.
 * `deals.ts` builds its schemas on these.
 */

/**
 * A deal's short code, what a script's `[[deal:CODE]]` cue names: 2 to 16 letters, digits and dashes,
 * stored upper case (cues match it in any case). Unique among deals that have not finished, so one
 * script can run a new deal with the same code every show.
 */
export const dealCodePattern = /^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])$/;

/** The minimum length of the reason that starts a deal whose price breaks a rule (it is logged). */
export const overrideReasonMinLength = 10;
