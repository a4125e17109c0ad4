import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomTermInput } from '../../../../electron/shared/contract/compliance';
import { ruleCategories, type RuleCategory } from '../../../../electron/shared/compliance/vocabulary';
import { marketCodes } from '../../../../electron/shared/markets';
import type { PlatformId } from '../../../../electron/shared/contract/platform';
import { platformNames } from '../../../../electron/shared/platform-names';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { DisclosureSettings } from './DisclosureSettings';
import './compliance.css';

/** Settings > Compliance: the markets scripts are checked for, the rule packs with their sources, and the user's own terms. */
export function ComplianceSettings() {
  const { t } = useTranslation('compliance');
  const packs = useStudio((s) => s.compliancePacks);
  const loadPacks = useStudio((s) => s.loadCompliancePacks);
  const saved = useStudio((s) => s.settings?.compliance);
  const setCustomTerms = useStudio((s) => s.setCustomTerms);
  const update = useStudio((s) => s.updateSettings);
  const fail = useShowFailure();
  const [terms, setTerms] = useState<CustomTermInput[]>([]);
  const [draft, setDraft] = useState<{ market: string; term: string; severity: 'error' | 'warning'; category: RuleCategory }>({
    market: 'CN',
    term: '',
    severity: 'error',
    category: 'absolute_claim',
  });
  const [savedNote, setSavedNote] = useState(false);

  useEffect(() => {
    loadPacks().catch(fail);
  }, [loadPacks, fail]);
  useEffect(() => {
    if (saved) setTerms(saved.customTerms);
  }, [saved]);

  const defaultMarket = useStudio((s) => s.settings?.general.defaultMarket ?? 'US');
  const chosen = saved?.markets ?? [];
  // Nothing chosen means the default market: shown checked, and the first click starts from it.
  const markets = chosen.length > 0 ? chosen : [defaultMarket];
  const toggleMarket = (market: string) => {
    const next = markets.includes(market) ? markets.filter((m) => m !== market) : [...markets, market];
    update({ compliance: { markets: next } }).catch(fail);
  };
  const save = (next: CustomTermInput[]) => {
    setTerms(next);
    setSavedNote(false);
    setCustomTerms(next)
      .then(() => setSavedNote(true))
      .catch(fail);
  };
  const add = () => {
    if (draft.term.trim() === '') return;
    save([...terms, { ...draft, term: draft.term.trim() }]);
    setDraft({ ...draft, term: '' });
  };

  return (
    <section className="panel panel-wide compliance-settings" data-testid="compliance-settings">
      <h2>{t('settings.title')}</h2>
      <p className="muted">{t('settings.intro')}</p>
      <fieldset className="compliance-markets">
        <legend>{t('settings.markets')}</legend>
        {marketCodes.map((m) => (
          <label key={m} className="chip-check">
            <input type="checkbox" checked={markets.includes(m)} onChange={() => toggleMarket(m)} data-testid={`compliance-market-${m}`} />
            {m}
          </label>
        ))}
      </fieldset>
      {chosen.length === 0 ? <p className="muted">{t('settings.defaultMarketNote', { market: defaultMarket })}</p> : null}

      <DisclosureSettings />

      <h3>{t('settings.packs')}</h3>
      <div className="compliance-packs">
        {(packs ?? []).map((pack) => (
          <details key={pack.id} className="compliance-pack" data-testid={`compliance-pack-${pack.id}`}>
            <summary>
              <strong>{t(`packs.${pack.id}`, { defaultValue: pack.title })}</strong> <span className="muted">{t('settings.rulesCount', { count: pack.rules.length })}</span>
              {pack.platforms ? <span className="muted"> · {t('settings.platformPack', { platforms: pack.platforms.map((p) => platformNames[p as PlatformId] ?? p).join(', ') })}</span> : null}
            </summary>
            <ul className="compliance-rules">
              {pack.rules.map((r) => (
                <li key={r.id} className={r.inForce ? '' : 'not-in-force'}>
                  <div className="compliance-rule-head">
                    <span className={`severity severity-${r.severity}`}>{t(`severity.${r.severity}`)}</span>
                    <span>{t(`categories.${r.category}`)}</span>
                    <code>{r.id}</code>
                    <span className="muted">{r.markets.join(', ')}</span>
                  </div>
                  <div className="compliance-rule-source">
                    {r.source.url ? (
                      <a href={r.source.url} target="_blank" rel="noreferrer">
                        {r.source.law}
                      </a>
                    ) : (
                      r.source.law
                    )}
                    , {r.source.article} · {t('settings.validFrom')} {r.validFrom}
                    {r.inForce ? null : <strong> ({t('settings.notYetValid')})</strong>}
                  </div>
                  {r.terms.length > 0 && r.dealRule === null ? <div className="compliance-terms" lang="und">{r.terms.join(' · ')}</div> : null}
                  <div className="muted">{r.exemptions.length > 0 ? t('settings.exemptions', { grounds: r.exemptions.map((g) => t(`exemptionGrounds.${g}`, { defaultValue: g })).join('; ') }) : t('settings.noExemptions')}</div>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>

      <h3>{t('settings.customTerms')}</h3>
      <p className="muted">{t('settings.customIntro')}</p>
      {terms.length === 0 ? (
        <p className="muted" data-testid="custom-terms-empty">
          {t('settings.noCustomTerms')}
        </p>
      ) : (
        <ul className="custom-terms" data-testid="custom-terms">
          {terms.map((term, i) => (
            <li key={`${term.market}-${term.term}`}>
              <span className="mono">{term.market}</span>
              <strong lang="und">{term.term}</strong>
              <span className={`severity severity-${term.severity ?? 'error'}`}>{t(`severity.${term.severity ?? 'error'}`)}</span>
              <span className="muted">{t(`categories.${term.category ?? 'absolute_claim'}`)}</span>
              <button type="button" onClick={() => save(terms.filter((_, j) => j !== i))}>
                {t('settings.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="custom-term-form">
        <label>
          <span>{t('settings.market')}</span>
          <select value={draft.market} onChange={(e) => setDraft({ ...draft, market: e.target.value })} data-testid="custom-term-market">
            {marketCodes.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('settings.term')}</span>
          <input
            value={draft.term}
            maxLength={80}
            onChange={(e) => setDraft({ ...draft, term: e.target.value })}
            onKeyDown={(e) => e.key === 'Enter' && add()}
            data-testid="custom-term-input"
          />
        </label>
        <label>
          <span>{t('settings.severity')}</span>
          <select value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value as 'error' | 'warning' })}>
            <option value="error">{t('severity.error')}</option>
            <option value="warning">{t('severity.warning')}</option>
          </select>
        </label>
        <label>
          <span>{t('settings.category')}</span>
          <select value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as RuleCategory })}>
            {ruleCategories.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={add} disabled={draft.term.trim() === ''} data-testid="custom-term-add">
          {t('settings.add')}
        </button>
        {savedNote ? <span className="muted" role="status">{t('settings.saved')}</span> : null}
      </div>
    </section>
  );
}
