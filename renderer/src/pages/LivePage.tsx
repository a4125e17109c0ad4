import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../store';
import { ConnectionPanel } from '../features/live/ConnectionPanel';
import { HealthBar } from '../features/live/HealthBar';
import { StreamRecordButtons } from '../features/live/StreamRecordButtons';
import { SceneGrid } from '../features/live/SceneGrid';
import { SourcesPanel } from '../features/live/SourcesPanel';
import { StudioBar } from '../features/live/StudioBar';
import '../features/live/live.css';
import { useShowFailure } from '../store/run-action';

/** The control room's live desk: OBS scenes with tally, studio mode, sources, outputs and health. */
export function LivePage() {
  const { t } = useTranslation('live');
  const obs = useStudio((s) => s.obs);
  const load = useStudio((s) => s.loadObs);
  const link = useStudio((s) => s.link.state);
  const showError = useStudio((s) => s.showError);
  const fail = useShowFailure();

  // Load on open and after the link to the host comes back (events may have been missed meanwhile).
  useEffect(() => {
    if (link === 'online') load().catch(fail);
  }, [link, load, showError]);

  return (
    <div className="live-page" data-testid="live-page">
      <div className="live-main">
        <section className="panel">
          <div className="live-head">
            <h1>{t('title')}</h1>
            {obs && <StudioBar obs={obs} />}
            {obs && <StreamRecordButtons obs={obs} />}
          </div>
          {obs ? <SceneGrid obs={obs} /> : <p className="muted">{t('loading')}</p>}
          <p className="muted small live-hint">{obs?.studioMode ? t('scenes.hintStudio') : t('scenes.hint')}</p>
        </section>
        {obs && <HealthBar obs={obs} />}
      </div>
      <aside className="live-side">
        <ConnectionPanel />
        {obs && <SourcesPanel obs={obs} />}
      </aside>
    </div>
  );
}
