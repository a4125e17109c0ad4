import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodName } from '../../../../electron/shared/contract';
import { languageNames } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import { hostClient } from '../../transport';

/** The live prompter from the control room: load, play, speed, jumps, rehearsal, lanes and co-host links. */
export function LiveControls({ scriptId, languages, leadLanguage }: { scriptId: string | null; languages: string[]; leadLanguage: string }) {
  const { t } = useTranslation('prompter');
  const client = hostClient();
  const state = useStudio((s) => s.prompter);
  const showError = useStudio((s) => s.showError);
  const [speed, setSpeed] = useState('');
  const [link, setLink] = useState<{ language: string; url: string; qrSvg: string; lanAccess: boolean } | null>(null);

  useEffect(() => {
    if (state) setSpeed(String(state.speed.value));
  }, [state?.speed.value]);

  const call = <M extends MethodName>(method: M, input?: MethodInput<M>) => client.call(method, input).catch((e: Error) => showError(e.message));
  const loaded = state?.scriptId === scriptId && scriptId !== null;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  // Relative, so it works served (a new tab) and in Electron (the shell opens it as a prompter window).
  const prompterUrl = (lane: string, lang: string) =>
    `prompter.html?${token ? `token=${encodeURIComponent(token)}&` : ''}lane=${lane}&lang=${encodeURIComponent(lang)}`;
  const current = state ? state.position.cueIndex : 0;

  return (
    <section className="panel live-controls" data-testid="live-controls">
      <h2>{t('live.title')}</h2>
      <button type="button" className="big" disabled={!scriptId} data-testid="load-script" onClick={() => scriptId && call('prompter.load', { scriptId })}>
        {loaded ? t('live.reload') : t('live.load')}
      </button>
      {state?.scriptId && (
        <>
          <div className="row">
            <button
              type="button"
              className={`big ${state.playing ? 'playing' : 'primary'}`}
              data-testid="play-pause"
              onClick={() => call(state.playing ? 'prompter.pause' : 'prompter.play', {})}
            >
              {state.playing ? t('live.pause') : t('live.play')}
            </button>
            <button type="button" onClick={() => call('prompter.jump', { to: 'previous' })} title="PageUp">
              ◀ {t('live.previousCue')}
            </button>
            <button type="button" onClick={() => call('prompter.jump', { to: 'next' })} title="PageDown">
              {t('live.nextCue')} ▶
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
                onBlur={() => call('prompter.setSpeed', { value: Number(speed), unit: state.speed.unit })}
                onKeyDown={(e) => e.key === 'Enter' && call('prompter.setSpeed', { value: Number(speed), unit: state.speed.unit })}
              />
            </label>
            <label>
              {t('live.unit')}
              <select
                value={state.speed.unit}
                onChange={(e) => call('prompter.setSpeed', e.target.value === 'wpm' ? { unit: 'wpm', value: 150 } : { unit: 'pxs', value: 60 })}
              >
                <option value="wpm">wpm</option>
                <option value="pxs">px/s</option>
              </select>
            </label>
          </div>
          <div className="row">
            <label className="check">
              <input type="checkbox" checked={state.rehearsal} data-testid="rehearsal" onChange={(e) => call('prompter.setRehearsal', { rehearsal: e.target.checked })} />
              {t('live.rehearsal')}
            </label>
            <button type="button" onClick={() => call('prompter.rearm', {})}>
              {t('live.rearm')}
            </button>
          </div>
          <ul className="cue-list" data-testid="cue-list">
            {state.cues.map((cue, i) => (
              <li key={cue.id} className={[cue.fired ? 'fired' : '', i + 1 === current ? 'current' : ''].join(' ')}>
                <span className={`cue-type cue-${cue.type}`}>{cue.type}</span>
                <span>{cue.argument || cue.id}</span>
                <button type="button" style={{ marginLeft: 'auto', minHeight: 30, padding: '2px 10px' }} onClick={() => call('prompter.jump', { cueId: cue.id })}>
                  {t('live.go')}
                </button>
              </li>
            ))}
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
          <button key={l} type="button" data-testid={`cohost-${l}`} onClick={() => client.call('prompter.coHostLink', { language: l }).then((r) => setLink({ language: l, ...r }), (e: Error) => showError(e.message))}>
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
