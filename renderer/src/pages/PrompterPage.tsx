import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../store';
import { LiveControls } from '../features/prompter/LiveControls';
import { VersionComparison } from '../features/session/VersionComparison';
import { ScriptEditor, draftOf, editingVersion, type ScriptDraft } from '../features/prompter/ScriptEditor';
import '../features/prompter/prompter.css';
import { errorText, useShowFailure } from '../store/run-action';

/**
 * The editor's draft outlives the page (switching to Live and back keeps unsaved edits); which script is
 * selected outlives reloads too (the store keeps it in the window's storage).
 */
let keptDraft: { draft: ScriptDraft; saved: boolean } | null = null;

/** The control room's prompter page: scripts, the editor with live preview and lint, and the live prompter. */
export function PrompterPage() {
  const { t } = useTranslation('prompter');
  const scripts = useStudio((s) => s.scripts);
  const loadScripts = useStudio((s) => s.loadScripts);
  const loadPrompter = useStudio((s) => s.loadPrompter);
  const loadProducts = useStudio((s) => s.loadProducts);
  const showError = useStudio((s) => s.showError);
  const fail = useShowFailure();
  const getScript = useStudio((s) => s.getScript);
  const saveScript = useStudio((s) => s.saveScript);
  const deleteScript = useStudio((s) => s.deleteScript);
  const importScriptMarkdown = useStudio((s) => s.importScriptMarkdown);
  const exportScriptMarkdown = useStudio((s) => s.exportScriptMarkdown);
  const selected = useStudio((s) => s.selectedScriptId);
  const setSelected = useStudio((s) => s.selectScript);
  const kept = keptDraft && (keptDraft.draft.id ?? null) === selected ? keptDraft : null;
  const [draft, setDraft] = useState<ScriptDraft>(() => kept?.draft ?? draftOf(null));
  const [saved, setSaved] = useState(kept?.saved ?? false);
  useEffect(() => {
    keptDraft = { draft, saved };
  }, [draft, saved]);

  const open = async (id: string | null) => {
    setSelected(id);
    setSaved(false);
    if (!id) return setDraft(draftOf(null));
    try {
      setDraft(draftOf(await getScript(id)));
    } catch (e) {
      fail(e);
    }
  };

  // Coming back to the page (or reloading it) reopens the selected script: the one last open, or
  // else the one in the live prompter.
  const reopened = useRef(kept !== null);
  useEffect(() => {
    void loadScripts().catch(() => {});
    void loadProducts().catch(() => {});
    void loadPrompter()
      .catch(() => {})
      .then(() => {
        if (reopened.current) return;
        reopened.current = true;
        const id = useStudio.getState().selectedScriptId ?? useStudio.getState().prompter?.scriptId ?? null;
        if (!id) return;
        getScript(id).then(
          (script) => {
            setSelected(script.id);
            setDraft(draftOf(script));
          },
          // Deleted meanwhile (or the host has no such script): start from a new one.
          () => setSelected(null),
        );
      });
  }, [getScript, loadScripts, loadPrompter, loadProducts, setSelected]);

  const save = async () => {
    try {
      const script = await saveScript({
        ...(draft.id ? { id: draft.id } : {}),
        title: draft.title,
        productId: draft.productId,
        segmentId: draft.segmentId,
        leadLanguage: draft.leadLanguage,
        versions: draft.versions,
        versionPick: draft.versionPick,
      });
      setSelected(script.id);
      // Stay on the version being edited.
      setDraft({ ...draftOf(script), editing: script.versions.some((v) => v.name === draft.editing) ? draft.editing : script.versions[0]!.name });
      setSaved(true);
    } catch (e) {
      fail(e);
    }
  };

  const importFiles = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      try {
        const script = await importScriptMarkdown({ markdown: await file.text(), ...(draft.id ? { scriptId: draft.id } : {}), ...(languageFromName(file.name) && { language: languageFromName(file.name) }) });
        setSelected(script.id);
        setDraft(draftOf(script));
      } catch (e) {
        showError(`${file.name}: ${errorText(e)}`);
      }
    }
  };

  const exportAll = async () => {
    if (!draft.id) return;
    // One file per saved version and language (jasmine.es.md, jasmine.b.es.md); a file names its version inside.
    const script = await getScript(draft.id);
    for (const [language, version] of script.versions.flatMap((v) => Object.keys(v.variants).map((l) => [l, v.name] as const))) {
      const { fileName, markdown } = await exportScriptMarkdown(draft.id, language, version);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }));
      a.download = fileName;
      a.click();
      URL.revokeObjectURL(a.href);
    }
  };

  const remove = async () => {
    if (!draft.id || !window.confirm(t('confirmDelete', { title: draft.title }))) return;
    await deleteScript(draft.id).catch(fail);
    void open(null);
  };

  // What loading works with: the saved script's versions (an unsaved new version cannot be loaded yet).
  const stored = scripts.find((s) => s.id === draft.id);

  return (
    <div className="prompter-page" data-testid="prompter-page">
      <section className="panel script-list">
        <h1>{t('title')}</h1>
        <button type="button" className="primary" onClick={() => open(null)} data-testid="new-script">
          {t('newScript')}
        </button>
        <label className="nav-item" style={{ cursor: 'pointer' }}>
          {t('import')}
          <input type="file" accept=".md,.markdown,.txt,text/markdown" multiple hidden data-testid="import-file" onChange={(e) => void importFiles(e.target.files)} />
        </label>
        {scripts.map((s) => (
          <button key={s.id} type="button" className={s.id === selected ? 'active' : ''} onClick={() => open(s.id)}>
            <strong>{s.title}</strong>
            <br />
            <span className="muted">{s.languages.join(' · ')}</span>
            {s.versions.length > 1 && (
              <span className="muted script-versions" data-testid="script-versions">
                {' '}
                · {t('versions.count', { count: s.versions.length, names: s.versions.join('/') })}
              </span>
            )}
          </button>
        ))}
        {scripts.length === 0 && <p className="muted">{t('noScripts')}</p>}
      </section>
      <section className="panel">
        <ScriptEditor key={selected ?? 'new'} draft={draft} onChange={(d) => { setDraft(d); setSaved(false); }} />
        <div className="row" style={{ marginTop: 12 }}>
          <button type="button" className="primary" onClick={save} disabled={draft.title.trim() === ''} data-testid="save-script">
            {t('save')}
          </button>
          {saved && <span className="muted" data-testid="saved">{t('saved')}</span>}
          <button type="button" onClick={() => void exportAll().catch(fail)} disabled={!draft.id}>
            {t('export')}
          </button>
          <button type="button" className="danger" onClick={remove} disabled={!draft.id} style={{ marginLeft: 'auto' }}>
            {t('delete')}
          </button>
        </div>
        {stored && stored.versions.length > 1 && <VersionComparison key={stored.id} scriptId={stored.id} title={stored.title} />}
      </section>
      <LiveControls
        scriptId={draft.id ?? null}
        languages={Object.keys(draft.versions[0]!.variants)}
        leadLanguage={draft.leadLanguage}
        versions={stored?.versions ?? []}
        versionPick={stored?.versionPick ?? 'first'}
        editing={editingVersion(draft).name}
      />
    </div>
  );
}

/** "jasmine.es.md" is the Spanish variant. */
function languageFromName(name: string): string | undefined {
  return /\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\.(?:md|markdown|txt)$/i.exec(name)?.[1];
}
