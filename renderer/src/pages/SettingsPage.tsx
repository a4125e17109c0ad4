import { useTranslation } from 'react-i18next';
import { marketCodes } from '../../../electron/shared/markets';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { useStudio } from '../store';
import { WebhookSettings } from '../features/settings/WebhookSettings';
import { RetentionSettings } from '../features/settings/RetentionSettings';
import { PlatformSettings } from '../features/settings/PlatformSettings';
import { ComplianceSettings } from '../features/settings/ComplianceSettings';
import { ChatSettings } from '../features/settings/ChatSettings';
import { FleetSettings } from '../features/settings/FleetSettings';
import { FleetReviewSettings } from '../features/settings/FleetReviewSettings';
import { ConnectionPanel } from '../features/live/ConnectionPanel';
import '../features/live/live.css';
import { useShowFailure } from '../store/run-action';

export function SettingsPage() {
  const { t } = useTranslation('settings');
  const settings = useStudio((s) => s.settings);
  const info = useStudio((s) => s.info);
  const update = useStudio((s) => s.updateSettings);
  const fail = useShowFailure();
  return (
    <div className="page-grid">
      <section className="panel">
        <h1>{t('title')}</h1>
        <h2>{t('general')}</h2>
        <div className="form-row">
          <span>{t('uiLanguage')}</span>
          <LanguageSwitcher />
        </div>
        <label className="form-row">
          <span>{t('defaultMarket')}</span>
          <select
            value={settings?.general.defaultMarket ?? 'US'}
            onChange={(e) => update({ general: { defaultMarket: e.target.value } }).catch(fail)}
          >
            {marketCodes.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </section>
      <div data-testid="settings-obs">
        <ConnectionPanel />
      </div>
      <PlatformSettings />
      <ComplianceSettings />
      <ChatSettings />
      <WebhookSettings />
      <RetentionSettings />
      <FleetSettings />
      <FleetReviewSettings />
      <section className="panel" data-testid="about">
        <h2>{t('about')}</h2>
        <dl className="facts">
          <dt>{t('version')}</dt>
          <dd data-testid="app-version">{info?.version ?? '…'}</dd>
          <dt>{t('runtime')}</dt>
          <dd>{info?.runtime ?? '…'}</dd>
          <dt>{t('dataDir')}</dt>
          <dd className="mono">
            <bdi dir="ltr">{info?.dataDir ?? '…'}</bdi>
          </dd>
        </dl>
      </section>
    </div>
  );
}
