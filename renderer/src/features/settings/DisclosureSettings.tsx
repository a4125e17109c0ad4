import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisclosureMarket, DisclosureReminderSetting } from '../../../../electron/shared/contract/compliance';
import { languageNames } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/** A language by its own name (Tiếng Việt, Bahasa Indonesia), also for tags the app has no name for. */
function endonym(language: string): string {
  if (languageNames[language]) return languageNames[language];
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** The longest interval the host takes (seconds), as the contract says. */
const maxIntervalSeconds = 7200;

/**
 * Settings > Compliance > Disclosure during the live: for each market whose rule pack asks the host to
 * disclose during the live (US FTC: repeat it; UK CAP: an upfront "Ad" label), on or off, how often, the
 * words per language and whether the stream card carries them. What the host leaves alone keeps the
 * pack's default (settings compliance.disclosureReminders holds only the host's own choices).
 */
export function DisclosureSettings() {
  const { t } = useTranslation('compliance');
  const markets = useStudio((s) => s.disclosureMarkets);
  const load = useStudio((s) => s.loadDisclosureMarkets);
  const own = useStudio((s) => s.settings?.compliance.disclosureReminders);
  const update = useStudio((s) => s.updateSettings);
  const fail = useShowFailure();
  useEffect(() => {
    load().catch(fail);
  }, [load, fail]);

  const save = (market: string, next: DisclosureReminderSetting | null) => {
    const all = { ...(own ?? {}) };
    if (next === null || Object.keys(next).length === 0) delete all[market];
    else all[market] = next;
    update({ compliance: { disclosureReminders: all } }).catch(fail);
  };

  return (
    <div className="disclosure-settings" data-testid="disclosure-settings">
      <h3>{t('disclosure.title')}</h3>
      <p className="muted">{t('disclosure.intro')}</p>
      {(markets ?? []).map((m) => (
        <DisclosureMarketRow key={m.market} config={m} own={own?.[m.market] ?? {}} onSave={(next) => save(m.market, next)} />
      ))}
    </div>
  );
}

function DisclosureMarketRow({ config, own, onSave }: { config: DisclosureMarket; own: DisclosureReminderSetting; onSave(next: DisclosureReminderSetting | null): void }) {
  const { t } = useTranslation('compliance');
  const minutes = config.intervalSeconds === null ? '' : String(Math.round((config.intervalSeconds / 60) * 100) / 100);
  const [interval, setIntervalText] = useState(minutes);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setIntervalText(minutes), [minutes]);
  const commitInterval = () => {
    if (interval === minutes) return;
    const value = Number(interval.replace(',', '.'));
    const seconds = Math.round(value * 60);
    if (interval.trim() === '' || !Number.isFinite(value) || seconds < 1 || seconds > maxIntervalSeconds) {
      setProblem(t('disclosure.intervalProblem', { max: maxIntervalSeconds / 60 }));
      return;
    }
    setProblem(null);
    onSave({ ...own, intervalSeconds: seconds });
  };
  const setText = (language: string, text: string) => {
    const texts = { ...(own.texts ?? {}) };
    // Emptied, or back to the pack's words: the default again.
    if (text.trim() === '' || text.trim() === config.defaultTexts[language]) delete texts[language];
    else texts[language] = text.trim();
    const next: DisclosureReminderSetting = { ...own, texts };
    if (Object.keys(texts).length === 0) delete next.texts;
    onSave(next);
  };
  const when = config.upfront ? t('disclosure.upfront') : t(config.repeat === 'required' ? 'disclosure.repeatRequired' : 'disclosure.repeatAdvised');
  return (
    <fieldset className="disclosure-market" data-testid={`disclosure-${config.market}`}>
      <legend>
        <strong>{config.market}</strong> <span className="muted">{when}</span>
      </legend>
      <div className="compliance-rule-source muted">
        {config.source.law}, {config.source.article}
      </div>
      <div className="disclosure-controls">
        <label className="chip-check">
          <input type="checkbox" checked={config.enabled} onChange={(e) => onSave({ ...own, enabled: e.target.checked })} data-testid={`disclosure-enabled-${config.market}`} />
          {t('disclosure.enabled')}
        </label>
        <label className="disclosure-interval">
          <span>{t('disclosure.every')}</span>
          <input
            type="number"
            min={0.5}
            max={maxIntervalSeconds / 60}
            step={0.5}
            value={interval}
            disabled={!config.enabled}
            onChange={(e) => setIntervalText(e.target.value)}
            onBlur={commitInterval}
            onKeyDown={(e) => e.key === 'Enter' && commitInterval()}
            aria-invalid={problem !== null}
            data-testid={`disclosure-interval-${config.market}`}
          />
          <span>{t('disclosure.minutes')}</span>
        </label>
        <label className="chip-check">
          <input type="checkbox" checked={config.onCard} onChange={(e) => onSave({ ...own, onCard: e.target.checked })} data-testid={`disclosure-card-${config.market}`} />
          {t('disclosure.onCard')}
        </label>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="disclosure-texts-edit">
        {Object.entries(config.texts).map(([language, text]) => (
          <label key={`${language}-${text}`}>
            <span>{endonym(language)}</span>
            <input
              defaultValue={text}
              maxLength={300}
              lang={language}
              dir="auto"
              placeholder={config.defaultTexts[language]}
              onBlur={(e) => e.target.value.trim() !== text && setText(language, e.target.value)}
              data-testid={`disclosure-text-${config.market}-${language}`}
            />
          </label>
        ))}
      </div>
      {Object.keys(own).length > 0 && (
        <button type="button" onClick={() => onSave(null)}>
          {t('disclosure.reset')}
        </button>
      )}
    </fieldset>
  );
}
