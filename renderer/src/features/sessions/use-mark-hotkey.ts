import { useEffect, useRef } from 'react';

/** True when the key press is typing into a field (where a bare "M" must stay a letter). */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * The mark hotkey: `M` when no field has focus, and `Ctrl+M` (⌘M on macOS) anywhere, even while typing.
 * Auto-repeat is ignored so holding the key marks once.
 */
export function useMarkHotkey(enabled: boolean, onMark: () => void): void {
  const callback = useRef(onMark);
  callback.current = onMark;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.key.toLowerCase() !== 'm' || e.altKey || e.shiftKey) return;
      const withModifier = e.ctrlKey || e.metaKey;
      if (!withModifier && isTyping(e.target)) return;
      e.preventDefault();
      callback.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
