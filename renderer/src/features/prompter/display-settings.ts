// The defaults alone, not contract/settings.ts: the lane page carries no zod schemas.
import { prompterSettingsDefaults } from '../../../../electron/shared/prompter/display-defaults';

/** How one prompter window shows the text. Defaults come from the host's settings; each window keeps its own changes. */
export interface DisplaySettings {
  fontSizePx: number;
  lineHeight: number;
  marginPct: number;
  readingLinePct: number;
  highContrast: boolean;
  mirrorH: boolean;
  mirrorV: boolean;
}

export function defaultDisplay(host?: Partial<DisplaySettings>): DisplaySettings {
  const d = prompterSettingsDefaults;
  return {
    fontSizePx: d.fontSizePx,
    lineHeight: d.lineHeight,
    marginPct: d.marginPct,
    readingLinePct: d.readingLinePct,
    highContrast: d.highContrast,
    mirrorH: false,
    mirrorV: false,
    ...host,
  };
}

const storageKey = (lane: string) => `broadcart.prompter.display.${lane}`;

export function loadDisplay(lane: string, base: DisplaySettings): DisplaySettings {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(lane)) ?? '{}') as Partial<DisplaySettings>;
    return { ...base, ...stored };
  } catch {
    return base;
  }
}

export function saveDisplay(lane: string, display: DisplaySettings): void {
  try {
    localStorage.setItem(storageKey(lane), JSON.stringify(display));
  } catch {
    // Private windows may refuse storage; the settings still apply to this window.
  }
}

export const displayLimits = {
  fontSizePx: [16, 200],
  lineHeight: [1, 3],
  marginPct: [0, 40],
  readingLinePct: [5, 95],
} as const;

export function clampDisplay<K extends keyof typeof displayLimits>(key: K, value: number): number {
  const [min, max] = displayLimits[key];
  return Math.min(max, Math.max(min, Math.round(value * 100) / 100));
}
