import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keyLabels, type ShortcutGroup, type ShortcutWindow } from '../app/shortcuts';
import { useShortcuts, useShortcutStatus } from '../app/use-shortcuts';
import './shortcut-help.css';

/**
 * The `?` overlay: every shortcut of this window, grouped, printed from the declarations in
 * app/shortcuts.ts. A key that does nothing right now (no live session, another page, a co-host's
 * lane) is dimmed, with the condition that makes it work. `?` or Esc closes it, and focus goes back where it was.
 */
export function ShortcutHelp({ window }: { window: ShortcutWindow }) {
  const { t } = useTranslation('shortcuts');
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);
  // Attached before the status is read, so the status sees this render's `open`.
  useShortcuts(window, {
    'help.toggle': () => setOpen((o) => !o),
    'help.close': { perform: () => setOpen(false), when: () => open },
  });
  const status = useShortcutStatus(window);
  useEffect(() => {
    if (open) {
      returnFocus.current = document.activeElement;
      closeRef.current?.focus();
    } else if (returnFocus.current instanceof HTMLElement) {
      returnFocus.current.focus();
      returnFocus.current = null;
    }
  }, [open]);

  if (!open) return null;
  const groups = [...new Set(status.map((s) => s.shortcut.group))] as ShortcutGroup[];
  return (
    <div className="shortcut-help-backdrop" onClick={() => setOpen(false)}>
      <div
        className="shortcut-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcut-help"
        data-window={window}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="shortcut-help-head">
          <h2 id={titleId}>{t('title', { window: t(`window.${window}`) })}</h2>
          <button type="button" ref={closeRef} onClick={() => setOpen(false)}>
            {t('close')}
          </button>
        </header>
        <div className="shortcut-help-groups">
          {groups.map((group) => (
            <section key={group} className="shortcut-help-group">
              <h3>{t(`group.${group}`)}</h3>
              <dl>
                {status
                  .filter((s) => s.shortcut.group === group)
                  .map(({ shortcut, handled, available }) => (
                    <div
                      key={shortcut.id}
                      className={available ? 'shortcut-row' : 'shortcut-row unavailable'}
                      data-testid="shortcut-row"
                      data-shortcut={shortcut.id}
                      data-handled={handled}
                      data-available={available}
                    >
                      <dt>
                        {keyLabels(shortcut).map((label, i) => (
                          <kbd key={i}>{label}</kbd>
                        ))}
                      </dt>
                      <dd>
                        {t(`action.${shortcut.id}`)}
                        {shortcut.condition && !available && <span className="shortcut-condition">{t(`condition.${shortcut.condition}`)}</span>}
                      </dd>
                    </div>
                  ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="shortcut-help-foot">{t('hint')}</p>
      </div>
    </div>
  );
}
