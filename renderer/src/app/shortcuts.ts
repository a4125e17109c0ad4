/**
 * Every keyboard shortcut of every window, declared once, as data (like Excalidraw's actions): an id,
 * the window it belongs to, its key bindings and a group. Components attach what a shortcut does with
 * `useShortcut` (shortcut-registry.ts); the `?` help and the legends (nav titles, the Mark button, the
 * prompter's display panel) print the keys from here, so what is shown is what is handled.
 *
 * One meaning per key across windows: M marks the moment in the session log everywhere (control room
 * and the host's prompter lane); [ and ] jump between the script's marks in the prompter.
 */

export type ShortcutWindow = 'controlRoom' | 'prompterLane';

export interface KeyBinding {
  /**
   * `KeyboardEvent.key`: a letter (matched whatever the case, Shift must match `shift`), a symbol
   * ('?', '[', '+'; matched as typed), a named key ('ArrowUp', 'PageDown', ' ' for Space), or
   * 'Digit1-9' for any of 1..9.
   */
  key: string;
  alt?: boolean;
  /** Ctrl, or ⌘ on macOS. */
  ctrl?: boolean;
  shift?: boolean;
  /** Also while typing in a field (only sensible with a modifier). */
  whileTyping?: boolean;
}

export type ShortcutGroup = 'general' | 'pages' | 'session' | 'live' | 'chat' | 'prompter' | 'questions' | 'display';

export interface ShortcutDef {
  readonly id: string;
  readonly window: ShortcutWindow;
  readonly group: ShortcutGroup;
  readonly keys: readonly KeyBinding[];
  /** Holding the key acts once (auto-repeat ignored). */
  readonly once?: boolean;
  /** When the key acts, if not always (shown in the help; the handler's predicate decides). */
  readonly condition?: ShortcutCondition;
}

export type ShortcutCondition = 'liveSession' | 'livePage' | 'studioMode' | 'leadLane' | 'leadLaneLiveSession' | 'pinHint' | 'disclosureReminder' | 'openQuestion' | 'chatDock';

const def = (
  window: ShortcutWindow,
  group: ShortcutGroup,
  id: string,
  keys: KeyBinding[],
  options: { once?: boolean; condition?: ShortcutCondition } = {},
): ShortcutDef => ({ id, window, group, keys, ...options });
const once = { once: true };
const lead = { condition: 'leadLane' } as const;

const help = (window: ShortcutWindow): ShortcutDef[] => [
  def(window, 'general', 'help.toggle', [{ key: '?' }], once),
  def(window, 'general', 'help.close', [{ key: 'Escape' }], once),
];
const mark = (window: ShortcutWindow, condition: ShortcutCondition) =>
  def(window, 'session', 'session.mark', [{ key: 'm' }, { key: 'm', ctrl: true, whileTyping: true }], { once: true, condition });

export const shortcuts: readonly ShortcutDef[] = [
  ...help('controlRoom'),
  def('controlRoom', 'pages', 'page.live', [{ key: '1', alt: true, whileTyping: true }], once),
  def('controlRoom', 'pages', 'page.prompter', [{ key: '2', alt: true, whileTyping: true }], once),
  def('controlRoom', 'pages', 'page.catalog', [{ key: '3', alt: true, whileTyping: true }], once),
  def('controlRoom', 'pages', 'page.sessions', [{ key: '4', alt: true, whileTyping: true }], once),
  def('controlRoom', 'pages', 'page.settings', [{ key: '5', alt: true, whileTyping: true }], once),
  mark('controlRoom', 'liveSession'),
  def('controlRoom', 'live', 'scene.choose', [{ key: 'Digit1-9' }], { once: true, condition: 'livePage' }),
  def('controlRoom', 'live', 'obs.transition', [{ key: 't' }], { once: true, condition: 'studioMode' }),
  // The chat dock (Live page and the chat page): J/K walk the question queue, the others act on the selected
  // comment. A answers a question here as in a co-host's lane (one key, one meaning: `questions.answer`).
  def('controlRoom', 'chat', 'chat.next', [{ key: 'j' }], { condition: 'chatDock' }),
  def('controlRoom', 'chat', 'chat.previous', [{ key: 'k' }], { condition: 'chatDock' }),
  def('controlRoom', 'chat', 'questions.answer', [{ key: 'a' }], { once: true, condition: 'chatDock' }),
  def('controlRoom', 'chat', 'chat.star', [{ key: 'f' }], { once: true, condition: 'chatDock' }),
  def('controlRoom', 'chat', 'chat.hide', [{ key: 'x' }], { once: true, condition: 'chatDock' }),
  def('controlRoom', 'chat', 'chat.pin', [{ key: 'o' }], { once: true, condition: 'chatDock' }),
  def('controlRoom', 'chat', 'chat.unpin', [{ key: 'o', shift: true }], { once: true, condition: 'chatDock' }),
  def('controlRoom', 'chat', 'chat.newest', [{ key: 'End' }], { once: true, condition: 'chatDock' }),

  ...help('prompterLane'),
  def('prompterLane', 'prompter', 'prompter.playPause', [{ key: ' ' }], { once: true, ...lead }),
  def('prompterLane', 'prompter', 'prompter.faster', [{ key: 'ArrowUp' }], lead),
  def('prompterLane', 'prompter', 'prompter.slower', [{ key: 'ArrowDown' }], lead),
  def('prompterLane', 'prompter', 'prompter.nextCue', [{ key: 'PageDown' }, { key: 'ArrowRight' }], lead),
  def('prompterLane', 'prompter', 'prompter.previousCue', [{ key: 'PageUp' }, { key: 'ArrowLeft' }], lead),
  def('prompterLane', 'prompter', 'prompter.nextMark', [{ key: ']' }], lead),
  def('prompterLane', 'prompter', 'prompter.previousMark', [{ key: '[' }], lead),
  def('prompterLane', 'prompter', 'prompter.start', [{ key: 'Home' }], { once: true, ...lead }),
  def('prompterLane', 'prompter', 'prompter.unit', [{ key: 'u' }], { once: true, ...lead }),
  def('prompterLane', 'prompter', 'prompter.pinDone', [{ key: 'p' }], { once: true, condition: 'pinHint' }),
  def('prompterLane', 'prompter', 'prompter.disclosureDone', [{ key: 'd' }], { once: true, condition: 'disclosureReminder' }),
  mark('prompterLane', 'leadLaneLiveSession'),
  // The lane's question panel (a co-host answers the questions in their language).
  def('prompterLane', 'questions', 'questions.answer', [{ key: 'a' }], { once: true, condition: 'openQuestion' }),
  def('prompterLane', 'questions', 'questions.toggle', [{ key: 'q' }], once),
  def('prompterLane', 'display', 'display.mirrorH', [{ key: 'h' }], once),
  def('prompterLane', 'display', 'display.mirrorV', [{ key: 'v' }], once),
  def('prompterLane', 'display', 'display.contrast', [{ key: 'c' }], once),
  def('prompterLane', 'display', 'display.bigger', [{ key: '+' }, { key: '=' }]),
  def('prompterLane', 'display', 'display.smaller', [{ key: '-' }]),
  def('prompterLane', 'display', 'display.panel', [{ key: 's' }], once),
];

export function shortcutsOf(window: ShortcutWindow): ShortcutDef[] {
  return shortcuts.filter((s) => s.window === window);
}

export function shortcutById(window: ShortcutWindow, id: string): ShortcutDef {
  const found = shortcuts.find((s) => s.window === window && s.id === id);
  if (!found) throw new Error(`No shortcut "${id}" in the ${window} window`);
  return found;
}

/** The fields of a KeyboardEvent a binding looks at. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>;

const isLetter = (key: string) => /^[a-z]$/i.test(key);

export function matchesBinding(binding: KeyBinding, press: KeyPress): boolean {
  const ctrl = press.ctrlKey || press.metaKey;
  if (press.altKey !== (binding.alt ?? false) || ctrl !== (binding.ctrl ?? false)) return false;
  if (binding.key === 'Digit1-9') return /^[1-9]$/.test(press.key) && !press.shiftKey;
  if (isLetter(binding.key)) return press.key.toLowerCase() === binding.key && press.shiftKey === (binding.shift ?? false);
  // Symbols and named keys: the typed character already says whether Shift was down ('?' is Shift+/).
  return press.key === binding.key;
}

/** The window's shortcut a key press means, with the binding that matched. */
export function shortcutFor(window: ShortcutWindow, press: KeyPress): { shortcut: ShortcutDef; binding: KeyBinding } | null {
  for (const shortcut of shortcutsOf(window)) {
    const binding = shortcut.keys.find((b) => matchesBinding(b, press));
    if (binding) return { shortcut, binding };
  }
  return null;
}

const namedKeys: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  Escape: 'Esc',
  '-': '−',
  'Digit1-9': '1–9',
};

/** How a binding is printed: "Alt+1", "Ctrl+M", "Space", "?". */
export function bindingLabel(binding: KeyBinding): string {
  const key = namedKeys[binding.key] ?? (isLetter(binding.key) ? binding.key.toUpperCase() : binding.key);
  return [binding.ctrl && 'Ctrl', binding.alt && 'Alt', binding.shift && 'Shift', key].filter(Boolean).join('+');
}

/** Every binding of a shortcut, as printed: ["PgDn", "→"]. */
export function keyLabels(shortcut: ShortcutDef): string[] {
  return shortcut.keys.map(bindingLabel);
}
