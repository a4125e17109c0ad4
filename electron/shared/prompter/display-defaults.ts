/**
 * The prompter section's defaults (settings `prompter`), apart from its zod schema in contract/settings.ts:
 * a prompter lane page starts from them without downloading the contract's schemas.
 */
export const prompterSettingsDefaults = {
  wordsPerMinute: 150,
  fontSizePx: 56,
  lineHeight: 1.4,
  marginPct: 8,
  readingLinePct: 35,
  countdownSeconds: 3,
  highContrast: false,
};
