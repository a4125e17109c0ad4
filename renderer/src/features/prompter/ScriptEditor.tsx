import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Script, ScriptDiagnostic, ScriptLintResult, ScriptVersion, VersionPick } from '../../../../electron/shared/contract/prompter';
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
  /** The A/B versions, each with its language variants (a new script has one, A). */
  versions: ScriptVersion[];
  versionPick: VersionPick;
  /** The version the editor shows. */
  editing: string;
}

export function draftOf(script: Script | null): ScriptDraft {
  if (!script) return { title: '', productId: null, segmentId: null, leadLanguage: 'en', versions: [{ name: 'A', variants: { en: '' } }], versionPick: 'first', editing: 'A' };
  return {
    id: script.id,
    title: script.title,
    productId: script.productId,
    segmentId: script.segmentId,
    leadLanguage: script.leadLanguage,
    versions: script.versions.map((v) => ({ name: v.name, variants: { ...v.variants } })),
    versionPick: script.versionPick,
    editing: script.versions[0]!.name,
  };
}

/** The version being edited (the first when the name is gone). */
export function editingVersion(draft: ScriptDraft): ScriptVersion {
  return draft.versions.find((v) => v.name === draft.editing) ?? draft.versions[0]!;
}

/** The draft with the edited version's language variants replaced. */
function withVariants(draft: ScriptDraft, variants: Record<string, string>): ScriptDraft {
  const editing = editingVersion(draft);
  return { ...draft, versions: draft.versions.map((v) => (v === editing ? { ...v, variants } : v)) };
}

const versionNamePattern = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;

/** B after A, C after B...; the first letter no version has. */
function nextVersionName(versions: readonly ScriptVersion[]): string {
  const taken = new Set(versions.map((v) => v.name.toUpperCase()));
  for (let c = 65; c <= 90; c++) if (!taken.has(String.fromCharCode(c))) return String.fromCharCode(c);
  return `V${versions.length + 1}`;
}

/**
 * The A/B versions of the script: pick the one to edit, add one (a copy of the one shown), rename it,
 * delete it (after a confirmation), and how loading picks a version when the host names none.
 */
function VersionBar({ draft, onChange }: { draft: ScriptDraft; onChange(draft: ScriptDraft): void }) {
  const { t } = useTranslation('prompter');
  const editing = editingVersion(draft);
  const [name, setName] = useState(editing.name);
  useEffect(() => setName(editing.name), [editing.name]);
  const trimmed = name.trim();
  const nameProblem =
    trimmed === editing.name
      ? null
      : !versionNamePattern.test(trimmed)
        ? t('versions.nameInvalid')
        : draft.versions.some((v) => v !== editing && v.name.toLowerCase() === trimmed.toLowerCase())
          ? t('versions.nameTaken', { name: trimmed })
          : null;
  const add = () => {
    const copy = { name: nextVersionName(draft.versions), variants: { ...editing.variants } };
    onChange({ ...draft, versions: [...draft.versions, copy], editing: copy.name });
  };
  const rename = () => {
    if (nameProblem || trimmed === editing.name) return;
    onChange({ ...draft, versions: draft.versions.map((v) => (v === editing ? { ...v, name: trimmed } : v)), editing: trimmed });
  };
  const remove = () => {
    if (draft.versions.length < 2 || !window.confirm(t('versions.confirmDelete', { name: editing.name }))) return;
    const versions = draft.versions.filter((v) => v !== editing);
    onChange({ ...draft, versions, editing: versions[0]!.name });
  };
  return (
    <div className="version-bar" data-testid="version-bar">
      <div className="version-row">
        <div className="version-tablist" role="tablist" aria-label={t('versions.label')}>
          <span className="version-caption">{t('versions.label')}</span>
          {draft.versions.map((v) => (
            <button
              key={v.name}
              type="button"
              role="tab"
              aria-selected={v === editing}
              className={v === editing ? 'active' : ''}
              onClick={() => onChange({ ...draft, editing: v.name })}
              data-testid="version-tab"
              data-version={v.name}
            >
              {t('versions.tab', { name: v.name })}
            </button>
          ))}
        </div>
        <button type="button" onClick={add} disabled={draft.versions.length >= 10} data-testid="add-version" title={t('versions.addTitle', { name: editing.name })}>
          {t('versions.add', { name: nextVersionName(draft.versions) })}
        </button>
      </div>
      <div className="version-row">
        <label className="version-name">
          {t('versions.name')}
          <input
            value={name}
            size={8}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && rename()}
            aria-invalid={nameProblem !== null}
            data-testid="version-name"
          />
        </label>
        <button type="button" onClick={rename} disabled={nameProblem !== null || trimmed === editing.name} data-testid="rename-version">
          {t('versions.rename')}
        </button>
        <button type="button" className="danger" onClick={remove} disabled={draft.versions.length < 2} data-testid="delete-version">
          {t('versions.delete')}
        </button>
        <label className="version-pick">
          {t('versions.pick')}
          <select value={draft.versionPick} onChange={(e) => onChange({ ...draft, versionPick: e.target.value as VersionPick })} data-testid="version-pick">
            <option value="first">{t('versions.pickFirst', { name: draft.versions[0]!.name })}</option>
            <option value="alternate">{t('versions.pickAlternate')}</option>
          </select>
        </label>
      </div>
      {nameProblem && (
        <p className="version-problem" role="alert" data-testid="version-name-problem">
          {nameProblem}
        </p>
      )}
    </div>
  );
}

/** The host's script check of the draft (debounced); null until it has answered for the current text. */
function useHostLint(variants: Record<string, string>, leadLanguage: string): ScriptLintResult | null {
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
      lintScript({ variants, leadLanguage })
        .then((lint) => current && setAnswer({ variants, lead: leadLanguage, lint }))
        .catch(() => {}); // the local lint stays on screen
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [lintScript, variants, leadLanguage, obsState, sceneNames, deals, products, complianceMarkets, defaultMarket, customTerms]);
  return answer && answer.variants === variants && answer.lead === leadLanguage ? answer.lint : null;
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
  const variants = editingVersion(draft).variants;
  const languages = Object.keys(variants);
  const [tab, setTab] = useState(draft.leadLanguage);
  const [newLanguage, setNewLanguage] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);
  const current = variants[tab] !== undefined ? tab : (languages[0] ?? 'en');
  const text = variants[current] ?? '';

  // Lint locally on every keystroke (the same code the host runs), then ask the host, which also checks
  // what the cues point at (OBS's scenes, the catalog, the deals); its answer counts once it is for this text.
  const localLint = useMemo(() => lintScript(variants, draft.leadLanguage), [variants, draft.leadLanguage]);
  const hostLint = useHostLint(variants, draft.leadLanguage);
  const lint: ScriptLintResult = hostLint ?? localLint;
  const preview = useMemo(() => parseScript(text).doc, [text]);
  const messages: ScriptDiagnostic[] = Object.values(lint.diagnostics).flat();
  const hasScenes = lint.cues.some((c) => c.type === 'scene');

  const setText = (value: string) => onChange(withVariants(draft, { ...variants, [current]: value }));
  const addLanguage = (language: string) => {
    if (!languageTagPattern.test(language) || variants[language] !== undefined) return;
    onChange(withVariants(draft, { ...variants, [language]: '' }));
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
      <VersionBar draft={draft} onChange={onChange} />
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
