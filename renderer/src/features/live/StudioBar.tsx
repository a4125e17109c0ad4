import { useTranslation } from 'react-i18next';
import type { ObsSnapshot } from '../../../../electron/shared/contract/obs';
import { keyLabels, shortcutById } from '../../app/shortcuts';
import { useShortcuts } from '../../app/use-shortcuts';
import { useStudio } from '../../store';
import { useRunAction } from '../../store/run-action';

/** Studio mode switch and the Transition button (preview to program). */
export function StudioBar({ obs }: { obs: ObsSnapshot }) {
  const { t } = useTranslation('live');
  const transitionNow = useStudio((s) => s.transition);
  const setStudioMode = useStudio((s) => s.setStudioMode);
  const run = useRunAction();
  const connected = obs.connection.state === 'connected';
  const canTransition = connected && obs.studioMode && !!obs.previewScene;
  const transition = () => run(() => transitionNow());
  useShortcuts('controlRoom', { 'obs.transition': { perform: transition, when: () => canTransition } });
  return (
    <div className="studio-bar">
      <label className="switch">
        <input
          type="checkbox"
          data-testid="studio-mode"
          checked={obs.studioMode}
          disabled={!connected}
          onChange={(e) => run(() => setStudioMode(e.target.checked))}
        />
        <span>{t('studio.mode')}</span>
      </label>
      {obs.studioMode && (
        <button
          type="button"
          className="transition-button"
          data-testid="transition"
          disabled={!connected || !obs.previewScene}
          onClick={transition}
          aria-keyshortcuts={keyLabels(shortcutById('controlRoom', 'obs.transition')).join(' ')}
        >
          {t('studio.transition')} <kbd>{keyLabels(shortcutById('controlRoom', 'obs.transition'))[0]}</kbd>{' '}
          <span className="muted">
            <bdi>{obs.previewScene}</bdi> <span className="flip-rtl">→</span> {t('scenes.program')}
          </span>
        </button>
      )}
    </div>
  );
}
