import { useTranslation } from 'react-i18next';
import { useStudio } from '../store';
import { ChatDock } from '../features/chat/ChatDock';
import { ConnectionPanel } from '../features/live/ConnectionPanel';
import { DisclosureReminder } from '../features/live/DisclosureReminder';
import { HealthBar } from '../features/live/HealthBar';
import { PinReminders } from '../features/live/PinReminders';
import { PlatformStates } from '../features/live/PlatformStates';
import { StreamRecordButtons } from '../features/live/StreamRecordButtons';
import { SceneGrid } from '../features/live/SceneGrid';
import { SourcesPanel } from '../features/live/SourcesPanel';
import { StudioBar } from '../features/live/StudioBar';
import { SalesPanel } from '../features/sales/SalesPanel';
import { ViewerDropAlarm } from '../features/sales/ViewerDropAlarm';
import { ComplianceFlagNotice } from '../features/session/ComplianceFlagNotice';
import '../features/live/live.css';
import '../features/sales/sales.css';

/** The control room's live desk: OBS scenes with tally, studio mode, sources, outputs and health, the session's sales and the chat dock. */
export function LivePage() {
  const { t } = useTranslation('live');
  const obs = useStudio((s) => s.obs);

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
        <ChatDock variant="live" />
      </div>
      <aside className="live-side">
        <ViewerDropAlarm />
        <DisclosureReminder />
        <ComplianceFlagNotice />
        <PinReminders />
        <SalesPanel />
        <ConnectionPanel />
        <PlatformStates />
        {obs && <SourcesPanel obs={obs} />}
      </aside>
    </div>
  );
}
