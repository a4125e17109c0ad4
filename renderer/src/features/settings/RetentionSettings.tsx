import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/** How long ended session logs are kept: forever (the default) or a number of days. */
export function RetentionSettings() {
  const { t } = useTranslation('settings');
  const retentionDays = useStudio((s) => s.settings?.sessionLog.retentionDays ?? null);
  const update = useStudio((s) => s.updateSettings);
  const showError = useStudio((s) => s.showError);
  const fail = useShowFailure();
  const [days, setDays] = useState('90');

  useEffect(() => {
    if (retentionDays !== null) setDays(String(retentionDays));
  }, [retentionDays]);

  const save = (value: number | null) =>
    update({ sessionLog: { retentionDays: value } }).catch(fail);

  return (
    <section className="panel" data-testid="retention-settings">
      <h2>{t('sessionLog')}</h2>
      <p className="muted">{t('retentionHelp')}</p>
      <label className="form-row">
        <span>{t('keepLogs')}</span>
        <select
          data-testid="retention-mode"
          value={retentionDays === null ? 'forever' : 'days'}
          onChange={(e) => save(e.target.value === 'forever' ? null : Math.max(1, Number(days) || 90))}
        >
          <option value="forever">{t('keepForever')}</option>
          <option value="days">{t('keepDays')}</option>
        </select>
      </label>
      {retentionDays !== null ? (
        <label className="form-row">
          <span>{t('days')}</span>
          <input
            type="number"
            min={1}
            step={1}
            data-testid="retention-days"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            onBlur={() => {
              const value = Number(days);
              if (Number.isInteger(value) && value >= 1) void save(value);
              else showError(t('daysInvalid'));
            }}
          />
        </label>
      ) : null}
    </section>
  );
}
