import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageNames } from '../../../../electron/shared/languages';
import { cueLabel } from '../../../../electron/shared/prompter';
import { useStudio } from '../../store';
import { errorText, useRunAction } from '../../store/run-action';

/** The live prompter from the control room: load, play, speed, jumps, rehearsal, lanes and co-host links. */
export function LiveControls({
  scriptId,
  languages,
  leadLanguage,
  versions,
  versionPick,
  editing,
}: {
  scriptId: string | null;
  languages: string[];
  leadLanguage: string;
  /** The saved script's A/B versions, and how loading picks one when the host names none. */
  versions: string[];
  versionPick: 'first' | 'alternate';
  /** The version open in the editor: the picker offers it first. */
  editing: string;
}) {
  const { t, i18n } = useTranslation('prompter');
  const state = useStudio((s) => s.prompter);
  const showError = useStudio((s) => s.showError);
  const run = useRunAction();
  const coHostLink = useStudio((s) => s.coHostLink);
  const loadIntoPrompter = useStudio((s) => s.loadIntoPrompter);
  const playPrompter = useStudio((s) => s.playPrompter);
  const pausePrompter = useStudio((s) => s.pausePrompter);
  const jumpPrompter = useStudio((s) => s.jumpPrompter);
  const setPrompterSpeed = useStudio((s) => s.setPrompterSpeed);
  const setRehearsal = useStudio((s) => s.setRehearsal);
  const rearmCues = useStudio((s) => s.rearmCues);
  const fireCue = useStudio((s) => s.fireCue);
  const [speed, setSpeed] = useState('');
  // '' loads as the script picks (its first version, or alternating between sessions); else that version.
  const [chosenVersion, setChosenVersion] = useState('');
  useEffect(() => setChosenVersion(versions.length > 1 && versions.includes(editing) ? editing : ''), [scriptId, editing, versions.join('\n')]);
  const [link, setLink] = useState<{ language: string; url: string; qrSvg: string; lanAccess: boolean } | null>(null);
  // The co-host link shown stays shown when the page is left and opened again (the store keeps its language).
  const coHostLanguage = useStudio((s) => s.coHostLanguage);
  const showCoHostLink = useStudio((s) => s.showCoHostLink);
  const linkLanguage = coHostLanguage !== null && languages.includes(coHostLanguage) ? coHostLanguage : null;
  useEffect(() => {
    if (!linkLanguage) return setLink(null);
    let cancelled = false;
    coHostLink(linkLanguage).then(
      (r) => !cancelled && setLink({ language: linkLanguage, ...r }),
      (e: unknown) => !cancelled && showError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [coHostLink, linkLanguage, showError]);

  useEffect(() => {
    if (state) setSpeed(String(state.speed.value));
  }, [state?.speed.value]);

  // A cue fired by hand answers how its action went: say so when it did not work.
  const fire = (cueId: string) =>
    run(async () => {
      const r = await fireCue(cueId);
      if (r.result !== 'done') showError(r.message ?? r.result);
    });
  const loaded = state?.scriptId === scriptId && scriptId !== null;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  // Relative, so it works served (a new tab) and in Electron (the shell opens it as a prompter window).
  const prompterUrl = (lane: string, lang: string) =>
    `prompter.html?${token ? `token=${encodeURIComponent(token)}&` : ''}lane=${lane}&lang=${encodeURIComponent(lang)}`;
  const current = state ? state.position.cueIndex : 0;

  return (
    <section className="panel live-controls" data-testid="live-controls">
      <h2>{t('live.title')}</h2>
      {versions.length > 1 && (
        <label className="version-choice">
          {t('versions.toLoad')}
          <select value={chosenVersion} onChange={(e) => setChosenVersion(e.target.value)} data-testid="load-version">
            <option value="">{versionPick === 'alternate' ? t('versions.autoAlternate') : t('versions.autoFirst', { name: versions[0] })}</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                {t('versions.tab', { name: v })}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="big"
        disabled={!scriptId}
        data-testid="load-script"
        onClick={() => scriptId && run(() => loadIntoPrompter(scriptId, chosenVersion || undefined))}
      >
        {loaded ? t('live.reload') : t('live.load')}
      </button>
      {state?.scriptId && state.version && (
        <p className="version-loaded" data-testid="loaded-version" data-version={state.version}>
          {t('versions.loaded', { title: state.title, name: state.version })}
          {state.versionPickedBy && <span className="muted"> · {t(`versions.pickedBy.${state.versionPickedBy}`)}</span>}
        </p>
      )}
      {state?.scriptId && (
        <>
          <div className="row">
            <button
              type="button"
              className={`big ${state.playing ? 'playing' : 'primary'}`}
              data-testid="play-pause"
              onClick={() => run(state.playing ? pausePrompter : playPrompter)}
            >
              {state.playing ? t('live.pause') : t('live.play')}
            </button>
            <button type="button" onClick={() => run(() => jumpPrompter({ to: 'previous' }))} title="PageUp">
              <span className="flip-rtl" aria-hidden>
                ◀
              </span>{' '}
              {t('live.previousCue')}
            </button>
            <button type="button" onClick={() => run(() => jumpPrompter({ to: 'next' }))} title="PageDown">
              {t('live.nextCue')}{' '}
              <span className="flip-rtl" aria-hidden>
                ▶
              </span>
            </button>
          </div>
          <div className="row">
            <label>
              {t('live.speed')}
              <input
                type="number"
                data-testid="speed-input"
                value={speed}
                min={state.speed.unit === 'wpm' ? 20 : 5}
                max={state.speed.unit === 'wpm' ? 600 : 3000}
                onChange={(e) => setSpeed(e.target.value)}
                onBlur={() => run(() => setPrompterSpeed({ value: Number(speed), unit: state.speed.unit }))}
                onKeyDown={(e) => e.key === 'Enter' && run(() => setPrompterSpeed({ value: Number(speed), unit: state.speed.unit }))}
              />
            </label>
            <label>
              {t('live.unit')}
              <select
                value={state.speed.unit}
                onChange={(e) => {
                  const speed = e.target.value === 'wpm' ? ({ unit: 'wpm', value: 150 } as const) : ({ unit: 'pxs', value: 60 } as const);
                  run(() => setPrompterSpeed(speed));
                }}
              >
                <option value="wpm">{t('terms.speedUnit.wpm', { ns: 'errors' })}</option>
                <option value="pxs">{t('terms.speedUnit.pxs', { ns: 'errors' })}</option>
              </select>
            </label>
          </div>
          <div className="row">
            <label className="check">
              <input
                type="checkbox"
                checked={state.rehearsal}
                data-testid="rehearsal"
                onChange={(e) => {
                  const rehearsal = e.target.checked;
                  run(() => setRehearsal(rehearsal));
                }}
              />
              {t('live.rehearsal')}
            </label>
            <button type="button" onClick={() => run(rearmCues)}>
              {t('live.rearm')}
            </button>
          </div>
          <ul className="cue-list" data-testid="cue-list" aria-label={t('live.cueListLabel')}>
            {state.cues.map((cue, i) => {
              const status = cue.fired ? 'fired' : cue.skipped ? 'skipped' : i + 1 === current ? 'current' : null;
              const label = cueLabel(cue, i18n.language);
              return (
                <li key={cue.id} data-cue-id={cue.id} data-status={status ?? 'armed'} className={[status ?? '', i + 1 === current ? 'on-line' : ''].join(' ')}>
                  <span className={`cue-type cue-${cue.type}`}>{t(`live.cueType.${cue.type}`)}</span>
                  <span className="cue-label" title={cue.product ? `${label} (${cue.argument})` : label || cue.id}>
                    {label || cue.id}
                  </span>
                  {status && (
                    <span className={`cue-status cue-status-${status}`} title={status === 'skipped' ? t('live.skippedTitle') : undefined}>
                      {t(`live.${status}`)}
                    </span>
                  )}
                  <span className="cue-buttons">
                    <button type="button" data-testid="jump-to-cue" onClick={() => run(() => jumpPrompter({ cueId: cue.id }))}>
                      {t('live.jumpToCue')}
                    </button>
                    {firesAction(cue.type) && (
                      <button
                        type="button"
                        data-testid="fire-cue"
                        className={cue.skipped ? 'primary' : ''}
                        disabled={state.rehearsal}
                        title={t('live.fireNowTitle', { action: `${cue.type}: ${label}` })}
                        onClick={() => fire(cue.id)}
                      >
                        {t('live.fireNow')}
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="muted">
            {t('live.lanes', { count: state.lanes.length })}: {state.lanes.map((l) => `${languageNames[l.language] ?? l.language} (${t(l.role === 'lead' ? 'leadLane' : 'followerLane')})`).join(', ')}
          </p>
        </>
      )}
      <h2>{t('live.windows')}</h2>
      <div className="row">
        <a className="nav-item" href={prompterUrl('lead', leadLanguage)} target="_blank" rel="noreferrer" data-testid="open-prompter">
          {t('live.openPrompter')}
        </a>
      </div>
      <div className="row">
        {languages.map((l) => (
          <button key={l} type="button" data-testid={`cohost-${l}`} aria-pressed={linkLanguage === l} onClick={() => showCoHostLink(l)}>
            {t('live.coHost', { language: languageNames[l] ?? l })}
          </button>
        ))}
      </div>
      {link && (
        <div className="row" data-testid="cohost-link">
          <div className="qr" dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
          <div style={{ flex: 1, minWidth: 140 }}>
            <a href={link.url} target="_blank" rel="noreferrer" className="link-box mono">
              {link.url}
            </a>
            {!link.lanAccess && <p className="muted">{t('live.localOnly')}</p>}
          </div>
        </div>
      )}
    </section>
  );
}

/** Cues with an action of their own (pause and note act inside the prompter or not at all). */
function firesAction(type: string): boolean {
  return type === 'scene' || type === 'card' || type === 'deal' || type === 'mark';
}
