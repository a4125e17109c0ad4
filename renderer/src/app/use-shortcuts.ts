import { useEffect, useRef, useSyncExternalStore } from 'react';
import { shortcutById, shortcutFor, shortcutsOf, type KeyBinding, type ShortcutDef, type ShortcutWindow } from './shortcuts';

/** What a shortcut does, and when it may (the predicate); attached by the component that owns the action. */
export interface ShortcutHandler {
  perform(event: KeyboardEvent, binding: KeyBinding): void;
  /** False while the action makes no sense (no live session, not in studio mode): the key then does nothing. */
  when?(): boolean;
}
type HandlerMap = Record<string, ShortcutHandler | ShortcutHandler['perform']>;

const handlers = new Map<string, () => ShortcutHandler>();
const subscribers = new Set<() => void>();
let version = 0;
const slot = (area: ShortcutWindow, id: string) => `${area}:${id}`;
const changed = () => {
  version++;
  for (const notify of subscribers) notify();
};

/** True while a key press types into a field (a bare letter must stay a letter there). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Attaches what the window's shortcuts do (ids declared in shortcuts.ts; an undeclared id throws, so a
 * handler cannot exist without its entry in the help). The latest callbacks are used on every press.
 */
export function useShortcuts(area: ShortcutWindow, map: HandlerMap): void {
  const latest = useRef(map);
  latest.current = map;
  const ids = Object.keys(map).sort().join(' ');
  useEffect(() => {
    const list = ids.split(' ').filter(Boolean);
    for (const id of list) {
      shortcutById(area, id);
      handlers.set(slot(area, id), () => {
        const entry = latest.current[id]!;
        return typeof entry === 'function' ? { perform: entry } : entry;
      });
    }
    changed();
    return () => {
      for (const id of list) handlers.delete(slot(area, id));
      changed();
    };
  }, [area, ids]);
}

/** The window's one keydown listener: finds the declared shortcut, checks its predicate, performs it. */
export function useShortcutKeys(area: ShortcutWindow): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const match = shortcutFor(area, event);
      if (!match) return;
      if (isTyping(event.target) && !match.binding.whileTyping) return;
      const handler = handlers.get(slot(area, match.shortcut.id))?.();
      if (!handler || (handler.when && !handler.when())) return;
      event.preventDefault();
      if (match.shortcut.once && event.repeat) return;
      handler.perform(event, match.binding);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [area]);
}

export interface ShortcutStatus {
  shortcut: ShortcutDef;
  /** A component attached what the key does (false: e.g. a Live-page key while another page is shown). */
  handled: boolean;
  /** Pressing it now would act. */
  available: boolean;
}

/** The window's shortcuts with whether each is handled and usable right now (for the help). */
export function useShortcutStatus(area: ShortcutWindow): ShortcutStatus[] {
  useSyncExternalStore(
    (notify) => {
      subscribers.add(notify);
      return () => subscribers.delete(notify);
    },
    () => version,
  );
  return shortcutsOf(area).map((shortcut) => {
    const handler = handlers.get(slot(area, shortcut.id))?.();
    return { shortcut, handled: !!handler, available: !!handler && (handler.when?.() ?? true) };
  });
}
