import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Script, ScriptDiagnostic, ScriptLintResult } from '../../../../electron/shared/contract/prompter';
import { contentLanguages, isRightToLeft, languageNames, languageTagPattern, pickLocalized } from '../../../../electron/shared/languages';
import { lintScript, parseScript } from '../../../../electron/shared/prompter';
import { translateLint } from '../../i18n/translate-lint';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { marketCodes } from '../../../../electron/shared/markets';
import { ScriptBlocks } from './ScriptBlocks';

export interface ScriptDraft {
  id?: string;
  title: string;
  productId: string | null;
  segmentId: string | null;
  leadLanguage: string;
  variants: Record<string, string>;
}

export function draftOf(script: Script | null): ScriptDraft {
  if (!script) return { title: '', productId: null, segmentId: null, leadLanguage: 'en', variants: { en: '' } };
  return { id: script.id, title: script.title, productId: script.productId, segmentId: script.segmentId, leadLanguage: script.leadLanguage, variants: { ...script.variants } };
}

/** The host's script check of the draft (debounced); null until it has answered for the current text. */
function useHostLint(draft: ScriptDraft): ScriptLintResult | null {
  const lintScript = useStudio((s) => s.lintScript);
  const obsState = useStudio((s) => s.obs?.connection.state);
  const sceneNames = useStudio((s) => s.obs?.scenes.map((sc) => sc.name).join('\n'));
  const deals = useStudio((s) => s.deals);
  const products = useStudio((s) => s.products);
  // The markets the host checks compliance for (Settings > Compliance): a change re-checks the draft.
  const complianceMarkets = useStudio((s) => s.settings?.compliance.markets.join(','));
  const defaultMarket = useStudio((s) => s.settings?.general.defaultMarket);
  const customTerms = useStudio((s) => s.settings?.compliance.customTerms);
  const [answer, setAnswer] = useState<{ variants: Record<string, string>; lead: string; lint: ScriptLintResult } | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      lintScript({ variants: draft.variants, leadLanguage: draft.leadLanguage })
        .then((lint) => current && setAnswer({ variants: draft.variants, lead: draft.leadLanguage, lint }))
        .catch(() => {}); // the local lint stays on screen
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [lintScript, draft.variants, draft.leadLanguage, obsState, sceneNames, deals, products, complianceMarkets, defaultMarket, customTerms]);
  return answer && answer.variants === draft.variants && answer.lead === draft.leadLanguage ? answer.lint : null;
}

/** Which markets the host checks the script's compliance for: the same list as Settings > Compliance. */
function ComplianceMarkets({ checked }: { checked: readonly string[] | undefined }) {
  const { t } = useTranslation('compliance');
  // The stored array itself (a new [] per call would make the store re-render forever).
  const stored = useStudio((s) => s.settings?.compliance.markets);
  const chosen = stored ?? [];
  const update = useStudio((s) => s.updateSettings);
  const fail = useShowFailure();
  // Nothing chosen yet means the default market: the first click starts from what is checked now.
  const current = chosen.length > 0 ? chosen : [...(checked ?? [])];
  const toggle = (market: string) =>
    update({ compliance: { markets: current.includes(market) ? current.filter((m) => m !== market) : [...current, market] } }).catch(fail);
  return (
    <fieldset className="editor-markets" data-testid="editor-markets">
      <legend>{t('editor.markets')}</legend>
      {marketCodes.map((m) => (
        <label key={m} className="editor-market">
          <input
            type="checkbox"
            checked={current.includes(m)}
            onChange={() => toggle(m)}
            data-testid={`editor-market-${m}`}
          />
          {m}
        </label>
      ))}
    </fieldset>
  );
}

/** The script editor: metadata, one tab per language, the text beside a live preview, and lint messages. */
export function ScriptEditor({ draft, onChange }: { draft: ScriptDraft; onChange(draft: ScriptDraft): void }) {
  const { t, i18n } = useTranslation('prompter');
  const { t: tc } = useTranslation('compliance');
  const products = useStudio((s) => s.products);
  const languages = Object.keys(draft.variants);
  const [tab, setTab] = useState(draft.leadLanguage);
  const [newLanguage, setNewLanguage] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);
  const current = draft.variants[tab] !== undefined ? tab : (languages[0] ?? 'en');
  const text = draft.variants[current] ?? '';

  // Lint locally on every keystroke (the same code the host runs), then ask the host, which also checks
  // what the cues point at (OBS's scenes, the catalog, the deals); its answer counts once it is for this text.
  const localLint = useMemo(() => lintScript(draft.variants, draft.leadLanguage), [draft.variants, draft.leadLanguage]);
  const hostLint = useHostLint(draft);
  const lint: ScriptLintResult = hostLint ?? localLint;
  const preview = useMemo(() => parseScript(text).doc, [text]);
  const messages: ScriptDiagnostic[] = Object.values(lint.diagnostics).flat();
  const hasScenes = lint.cues.some((c) => c.type === 'scene');

  const setText = (value: string) => onChange({ ...draft, variants: { ...draft.variants, [current]: value } });
  const addLanguage = (language: string) => {
    if (!languageTagPattern.test(language) || draft.variants[language] !== undefined) return;
    onChange({ ...draft, variants: { ...draft.variants, [language]: '' } });
    setTab(language);
    setNewLanguage('');
  };
  const goTo = (d: ScriptDiagnostic) => {
    if (d.language) setTab(d.language);
    requestAnimationFrame(() => {
      const area = textRef.current;
      if (!area) return;
      const lines = area.value.split('\n');
      const offset = lines.slice(0, d.line - 1).reduce((n, l) => n + l.length + 1, 0) + d.column - 1;
      area.focus();
      area.setSelectionRange(offset, offset + (d.length ?? 0));
    });
  };

  return (
    <div className="script-editor" data-testid="script-editor">
      <div className="editor-meta">
        <label>
          {t('editor.title')}
          <input data-testid="script-title" value={draft.title} onChange={(e) => onChange({ ...draft, title: e.target.value })} />
        </label>
        <label>
          {t('editor.product')}
          <select value={draft.productId ?? ''} onChange={(e) => onChange({ ...draft, productId: e.target.value || null })}>
            <option value="">{t('editor.noProduct')}</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.sku} · {pickLocalized(p.name, i18n.language).text}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('editor.segment')}
          <input value={draft.segmentId ?? ''} onChange={(e) => onChange({ ...draft, segmentId: e.target.value || null })} />
        </label>
        <label>
          {t('editor.lead')}
          <select data-testid="lead-language" value={draft.leadLanguage} onChange={(e) => onChange({ ...draft, leadLanguage: e.target.value })}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageNames[l] ?? l}
              </option>
            ))}
          </select>
        </label>
      </div>
      {/* Only tabs inside the tablist (a screen reader expects nothing else there); adding a language beside it. */}
      <div className="lang-tabs">
        <div className="lang-tablist" role="tablist" aria-label={t('editor.languages')}>
          {languages.map((l) => (
            <button
              key={l}
              type="button"
              role="tab"
              aria-selected={l === current}
              className={[l === current ? 'active' : '', (lint.diagnostics[l] ?? []).some((d) => d.severity === 'error') ? 'has-errors' : ''].join(' ')}
              onClick={() => setTab(l)}
            >
              {languageNames[l] ?? l} {l === draft.leadLanguage ? '★' : ''}
            </button>
          ))}
        </div>
        <input
          aria-label={t('editor.addLanguage')}
          list="script-languages"
          placeholder={t('editor.addLanguage')}
          value={newLanguage}
          size={10}
          onChange={(e) => setNewLanguage(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && addLanguage(newLanguage.trim())}
        />
        <datalist id="script-languages">
          {[...contentLanguages, 'ar', 'he', 'de', 'fr'].map((l) => (
            <option key={l} value={l}>
              {languageNames[l]}
            </option>
          ))}
        </datalist>
        <button type="button" onClick={() => addLanguage(newLanguage.trim())} disabled={!languageTagPattern.test(newLanguage.trim())}>
          {t('editor.add')}
        </button>
      </div>
      <div className="editor-split">
        <textarea
          ref={textRef}
          data-testid="script-text"
          value={text}
          spellCheck={false}
          lang={current}
          dir={isRightToLeft(current) ? 'rtl' : 'ltr'}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('editor.placeholder')}
        />
        {/* Focusable, so a keyboard can scroll a long preview. */}
        <div
          className="preview"
          data-testid="script-preview"
          lang={current}
          dir={isRightToLeft(current) ? 'rtl' : 'ltr'}
          tabIndex={0}
          role="region"
          aria-label={t('editor.preview')}
        >
          <ScriptBlocks blocks={preview.blocks} />
        </div>
      </div>
      <ComplianceMarkets checked={hostLint?.markets} />
      {hostLint?.targets && hasScenes && hostLint.targets.scenes !== 'checked' ? (
        <p className="lint-note" data-testid="lint-scenes-unchecked">
          {t('editor.scenesUnchecked')}
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p className="lint-ok" data-testid="lint-ok">
          {t('editor.lintOk', { count: lint.cues.length })}
        </p>
      ) : (
        <ul className="lint-list" data-testid="lint-list" tabIndex={0}>
          {messages.map((d, i) => (
            <li
              key={i}
              className={[d.severity, d.ruleId ? 'compliance' : ''].join(' ')}
              onClick={() => goTo(d)}
              data-testid={d.ruleId ? 'compliance-finding' : undefined}
              data-rule={d.ruleId}
              data-line={d.line}
            >
              <strong>{d.language}</strong> {t('editor.at', { line: d.line, column: d.column })} — {translateLint(d)}
              {d.source ? <span className="lint-source">{tc('editor.source', { source: d.source })}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
