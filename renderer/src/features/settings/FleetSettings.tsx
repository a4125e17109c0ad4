import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HostError } from '../../../../electron/shared/contract';
import type { FleetStatus } from '../../../../electron/shared/contract/fleet';
import { useStudio } from '../../store';
import { errorText, useShowFailure } from '../../store/run-action';
import { CaFileField, centralConnectionInput, type PickedCa } from './CaFileField';

/** One line saying where the sync stands, in the UI language. */
function useFleetStateText(fleet: FleetStatus | null): string {
  const { t, i18n } = useTranslation('settings');
  if (!fleet) return '…';
  const time = (ms: number | null) => (ms === null ? '' : new Date(ms).toLocaleString(i18n.language));
  switch (fleet.state) {
    case 'off':
      return t('fleetStateOff');
    case 'connecting':
      return t('fleetStateConnecting');
    case 'syncing':
      return t('fleetStateSyncing', { sessions: fleet.sessionsBehind, events: fleet.eventsBehind.toLocaleString(i18n.language) });
    case 'upToDate':
      return t('fleetStateUpToDate');
    case 'offline':
      return t('fleetStateOffline', { time: time(fleet.offlineSince) });
    case 'error':
      return t('fleetStateError', {
        reason: fleet.problem ? errorText(HostError.fromBody({ code: 'unavailable', ...fleet.problem })) : '',
      });
  }
}

/**
 * This studio's identity (its name; its id is fixed per data folder) and the central PostgreSQL its
 * session logs are copied to. The password is write-only: the host keeps it and says whether one is set.
 */
export function FleetSettings() {
  const { t, i18n } = useTranslation('settings');
  const settings = useStudio((s) => s.settings);
  const fleet = useStudio((s) => s.fleet);
  const update = useStudio((s) => s.updateSettings);
  const configure = useStudio((s) => s.configureFleet);
  const fail = useShowFailure();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [caFile, setCaFile] = useState('');
  const [caPicked, setCaPicked] = useState<PickedCa | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const stateText = useFleetStateText(fleet);

  useEffect(() => setName(settings?.studio.name ?? ''), [settings?.studio.name]);
  useEffect(() => {
    setUrl(fleet?.url ?? '');
    setCaFile(fleet?.caFile ?? '');
  }, [fleet?.url, fleet?.caFile]);

  const saveName = () => {
    if (name.trim() !== (settings?.studio.name ?? '')) update({ studio: { name: name.trim() } }).catch(fail);
  };
  const saveConnection = (enabled: boolean) =>
    configure({ ...centralConnectionInput({ url, password, caFile, caPicked }), enabled })
      .then(() => {
        setPassword('');
        setCaPicked(null);
        setSaved(t('fleetSaved'));
      })
      .catch(fail);

  return (
    <section className="panel" data-testid="fleet-settings">
      <h2>{t('fleet')}</h2>
      <p className="muted">{t('fleetHelp')}</p>
      <label className="form-row">
        <span>{t('studioName')}</span>
        <input
          data-testid="studio-name"
          value={name}
          maxLength={100}
          placeholder={t('studioNamePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          onBlur={saveName}
          onKeyDown={(e) => {
            if (e.key === 'Enter') saveName();
          }}
        />
      </label>
      <div className="form-row">
        <span>{t('studioId')}</span>
        <span className="mono" data-testid="studio-id">
          {fleet?.studioId ?? '…'}
        </span>
      </div>
      <label className="form-row">
        <span>{t('fleetUrl')}</span>
        <input
          data-testid="fleet-url"
          dir="ltr"
          value={url}
          placeholder="postgres://studio1@db.example.com:5432/broadcart?sslmode=verify-full"
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <label className="form-row">
        <span>
          {t('fleetPassword')} <span className="muted">({fleet === null ? '…' : fleet.hasPassword ? t('secretIsSet') : t('secretNotSet')})</span>
        </span>
        <input data-testid="fleet-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <CaFileField testIdPrefix="fleet" path={caFile} onPath={setCaFile} picked={caPicked} onPicked={setCaPicked} />
      <div className="form-row">
        <span />
        <span>
          <button type="button" className="primary" data-testid="fleet-save" disabled={url.trim() === ''} onClick={() => saveConnection(true)}>
            {t('fleetSaveAndSync')}
          </button>{' '}
          {fleet?.enabled ? (
            <button type="button" data-testid="fleet-pause" onClick={() => saveConnection(false)}>
              {t('fleetPause')}
            </button>
          ) : null}
        </span>
      </div>
      <p data-testid="fleet-state" role="status" className={fleet?.state === 'error' || fleet?.state === 'offline' ? 'warning' : 'muted'}>
        {stateText}
      </p>
      {fleet?.lastSyncAt ? (
        <p className="muted small" data-testid="fleet-last-sync">
          {t('fleetLastSync', { time: new Date(fleet.lastSyncAt).toLocaleString(i18n.language) })}
        </p>
      ) : null}
      {saved ? <p className="muted small">{saved}</p> : null}
    </section>
  );
}
