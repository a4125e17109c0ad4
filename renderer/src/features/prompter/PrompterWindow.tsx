import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../../../../electron/shared/contract';
import { isRightToLeft, languageNames, pickLocalized } from '../../../../electron/shared/languages';
import { platformNames } from '../../../../electron/shared/platform-names';
import { ShortcutHelp } from '../../components/ShortcutHelp';
import { keyLabels, shortcutById, shortcutsOf } from '../../app/shortcuts';
import { useShortcutKeys, useShortcuts } from '../../app/use-shortcuts';
import { errorText } from '../../store/error-text';
import { prompterLane, type LaneCommand, type LanePinHint } from '../../store/prompter-lane';
import type { DisclosureState } from '../../../../electron/shared/contract/compliance';
import { clampDisplay, defaultDisplay, loadDisplay, saveDisplay, type DisplaySettings } from './display-settings';
import { wallNow } from './lane-clock';
import { QuestionsPanel } from './QuestionsPanel';
import { ReaderView, type ReaderLayout } from './ReaderView';
import { formatDuration } from './time-format';
import { useLaneQuestions } from './use-lane-questions';
import { usePrompterLane } from './use-prompter-lane';
import './prompter.css';

interface LaneProbe {
  role: string;
  language: string;
  recording: boolean;
  frames: [number, number][];
  layout: ReaderLayout | null;
  positionAt(wall: number): { cueIndex: number; fraction: number };
  offsetAt(wall: number): number;
  lastEvent(): { at: number; receivedAt: number; seq: number } | null;
  events(): [number, number][];
}
declare global {
  interface Window {
    /** For end-to-end tests and benchmarks: what this lane shows, read without touching the DOM. */
    __prompterLane?: LaneProbe;
  }
}

/**
 * The prompter page: `prompter.html?lane=lead|follower&lang=es` (with `token=` in a browser). The lead
 * lane (control token) drives the prompter from the keyboard, wheel or a clicker and reports its layout;
 * follower lanes (a co-host's device, follow token) show their language at the host's position.
 */
export function PrompterWindow() {
  const { t } = useTranslation('prompter');
  const params = new URLSearchParams(window.location.search);
  const role = params.get('lane') === 'follower' ? 'follower' : 'lead';
  const language = params.get('lang') ?? 'en';
  const host = prompterLane();
  const lane = usePrompterLane(host, language, role);
  const { state, clock } = lane;
  const [display, setDisplay] = useState<DisplaySettings>(() => loadDisplay(role, defaultDisplay()));
  const [panel, setPanel] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const hudRef = useRef<HTMLDivElement>(null);
  const countdownRef = useRef<HTMLDivElement>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const pinHints = usePinHints(host, role);
  const disclosure = useDisclosure(host, role);
  const questions = useLaneQuestions(host, language);
  const [questionsOpen, setQuestionsOpen] = useState(() => localStorage.getItem(questionsOpenKey) !== 'false');
  const toggleQuestions = useCallback(
    () =>
      setQuestionsOpen((open) => {
        localStorage.setItem(questionsOpenKey, String(!open));
        return !open;
      }),
    [],
  );

  const changeDisplay = useCallback(
    (patch: Partial<DisplaySettings>) =>
      setDisplay((d) => {
        const next = { ...d, ...patch };
        saveDisplay(role, next);
        return next;
      }),
    [role],
  );

  const control = useCallback(
    <M extends LaneCommand>(method: M, input?: MethodInput<M>) => {
      if (role !== 'lead') {
        setNotice(t('followerReadOnly'));
        return;
      }
      host.command(method, input).catch((e: unknown) => setNotice(errorText(e)));
    },
    [host, role, t],
  );

  // Keys are declared in app/shortcuts.ts (the `?` help and the display panel's legend print them).
  const lead = () => role === 'lead';
  const toggleDisplay = (key: 'mirrorH' | 'mirrorV' | 'highContrast') => changeDisplay({ [key]: !display[key] });
  useShortcutKeys('prompterLane');
  useShortcuts('prompterLane', {
    'prompter.playPause': { perform: () => control(stateRef.current?.playing ? 'prompter.pause' : 'prompter.play', {}), when: lead },
    'prompter.faster': { perform: () => control('prompter.setSpeed', { delta: 10 }), when: lead },
    'prompter.slower': { perform: () => control('prompter.setSpeed', { delta: -10 }), when: lead },
    'prompter.nextCue': { perform: () => control('prompter.jump', { to: 'next' }), when: lead },
    'prompter.previousCue': { perform: () => control('prompter.jump', { to: 'previous' }), when: lead },
    'prompter.nextMark': { perform: () => control('prompter.jump', { to: 'nextMark' }), when: lead },
    'prompter.previousMark': { perform: () => control('prompter.jump', { to: 'previousMark' }), when: lead },
    'prompter.start': { perform: () => control('prompter.jump', { to: 'start' }), when: lead },
    'prompter.unit': {
      perform: () => control('prompter.setSpeed', stateRef.current?.speed.unit === 'wpm' ? { unit: 'pxs', value: 60 } : { unit: 'wpm', value: 150 }),
      when: lead,
    },
    // M means the same in every window: mark this moment in the session log.
    'session.mark': {
      perform: () =>
        void host
          .markMoment()
          .then(() => setNotice(t('marked')))
          .catch((e: unknown) => setNotice(errorText(e))),
      when: lead,
    },
    // P: the oldest pin hint is done (pinned in the platform's console); the host logs it.
    'prompter.pinDone': {
      perform: () => {
        const hint = pinHints.hints[0];
        if (hint) host.pinDone(hint.connectionId, hint.productId).catch((e: unknown) => setNotice(errorText(e)));
      },
      when: () => lead() && pinHints.hints.length > 0,
    },
    // D: the disclosure reminder is done (said and shown); the host logs it and counts the next interval from now.
    'prompter.disclosureDone': {
      perform: () => {
        const pending = disclosure?.pending;
        if (pending) host.acknowledgeDisclosure(pending.reminderId).catch((e: unknown) => setNotice(errorText(e)));
      },
      when: () => lead() && !!disclosure?.pending,
    },
    // A: the newest open question (the top of the panel) is answered.
    'questions.answer': {
      perform: () => {
        const top = questions.questions[0];
        if (top) questions.answer(top.id);
      },
      when: () => questions.questions.length > 0,
    },
    'questions.toggle': toggleQuestions,
    'display.mirrorH': () => toggleDisplay('mirrorH'),
    'display.mirrorV': () => toggleDisplay('mirrorV'),
    'display.contrast': () => toggleDisplay('highContrast'),
    'display.bigger': () => changeDisplay({ fontSizePx: clampDisplay('fontSizePx', display.fontSizePx + 4) }),
    'display.smaller': () => changeDisplay({ fontSizePx: clampDisplay('fontSizePx', display.fontSizePx - 4) }),
    'display.panel': () => setPanel((p) => !p),
  });

  useEffect(() => {
    // The mouse wheel changes the speed (scrolling by hand would fight the host's position).
    let wheelAccum = 0;
    const onWheel = (e: WheelEvent) => {
      if ((e.target as HTMLElement).closest('.prompter-panel, .shortcut-help-backdrop, .lane-questions')) return;
      e.preventDefault();
      wheelAccum += e.deltaY;
      if (Math.abs(wheelAccum) < 60) return;
      control('prompter.setSpeed', { delta: wheelAccum < 0 ? 5 : -5 });
      wheelAccum = 0;
    };
    window.addEventListener('wheel', onWheel, { passive: false });
    return () => window.removeEventListener('wheel', onWheel);
  }, [control]);

  // The lead lane reports its layout (pixels per stretch, for speeds in px/s) and its reading line.
  const report = useCallback(
    (layout: ReaderLayout | null) => {
      const s = stateRef.current;
      if (role !== 'lead' || !lane.laneId || !s?.scriptId || !layout) return;
      const wall = wallNow();
      const segmentPx = layout.anchors.slice(1).map((y, i) => Math.max(0, y - layout.anchors[i]!));
      host.report({ laneId: lane.laneId, revision: s.revision, segmentPx, position: clock.positionAt(wall), at: clock.hostTime(wall) });
    },
    [host, clock, lane.laneId, role],
  );
  const layoutRef = useRef<ReaderLayout | null>(null);
  const onLayout = useCallback(
    (layout: ReaderLayout) => {
      layoutRef.current = layout;
      if (probe.current) probe.current.layout = layout;
      report(layout);
    },
    [report],
  );
  useEffect(() => {
    if (role !== 'lead') return;
    const timer = setInterval(() => stateRef.current?.playing && report(layoutRef.current), 1000);
    return () => clearInterval(timer);
  }, [report, role]);

  // HUD and countdown are written directly each frame: no React render per frame.
  const probe = useRef<LaneProbe | null>(null);
  useEffect(() => {
    probe.current = {
      role,
      language,
      recording: false,
      frames: [],
      layout: layoutRef.current,
      positionAt: (wall) => clock.positionAt(wall),
      offsetAt: (wall) => clock.offsetAt(wall),
      lastEvent: () => clock.lastEvent,
      events: () => clock.eventLog,
    };
    window.__prompterLane = probe.current;
  }, [clock, language, role]);
  const onFrame = useCallback(
    (wall: number) => {
      const p = probe.current;
      if (p?.recording) p.frames.push([wall, clock.offsetAt(wall)]);
      const s = stateRef.current;
      if (hudRef.current && s) {
        const text = `${formatDuration(clock.elapsedSeconds(wall))} / −${formatDuration(clock.remainingSeconds(wall))}`;
        if (hudRef.current.textContent !== text) hudRef.current.textContent = text;
      }
      if (countdownRef.current) {
        const left = clock.countdownLeft(wall);
        const text = left > 0 ? String(Math.ceil(left)) : '';
        if (countdownRef.current.textContent !== text) countdownRef.current.textContent = text;
        countdownRef.current.hidden = left <= 0;
      }
    },
    [clock],
  );

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  const shown = lane.shownLanguage ?? language;
  const rtl = isRightToLeft(shown);
  // LIVE only while the host is there to say so: a lane that lost it is frozen, whatever it last heard.
  const live = state?.playing === true && !lane.hostLost;
  const speedText = state ? (state.speed.unit === 'wpm' ? t('wpm', { value: state.speed.value }) : t('pxs', { value: state.speed.value })) : '';
  return (
    <div className={display.highContrast ? 'prompter-window high-contrast' : 'prompter-window'} data-testid="prompter-window" data-role={role}>
      {/* The lane's chrome reads in the UI language's direction (the page's); the script text sets its own. */}
      <header className="prompter-hud">
        <span className={`tally ${live ? 'tally-live' : ''} ${lane.hostLost ? 'tally-lost' : ''}`} data-testid="prompter-status">
          {lane.hostLost ? t('offline') : live ? t('playing') : t('paused')}
        </span>
        {state?.rehearsal && <span className="tally tally-rehearsal">{t('rehearsal')}</span>}
        {state?.scriptId && state.version && (
          <span className="hud-version" data-testid="prompter-version" title={t('versions.hudTitle', { name: state.version })}>
            {t('versions.tab', { name: state.version })}
          </span>
        )}
        <span className="hud-title" dir="auto">
          {state?.title || t('noScript')}
        </span>
        <span className="hud-lane">
          {t(role === 'lead' ? 'leadLane' : 'followerLane')} · {languageNames[shown] ?? shown}
        </span>
        <span className="hud-speed" data-testid="prompter-speed">
          {speedText}
        </span>
        {/* Elapsed / left, read left to right in every language. */}
        <span className="hud-time mono" dir="ltr" ref={hudRef} data-testid="prompter-time" />
        <button type="button" onClick={() => setPanel((p) => !p)} aria-expanded={panel}>
          {t('display')}
        </button>
      </header>
      <div className="prompter-stage">
        <div className="prompter-main">
        {/* Over the text, not above it: a banner that comes or goes never moves the reading line. */}
        <div className="prompter-banners">
          {lane.hostLost && (
            <div className="prompter-lost" role="alert" data-testid="host-lost">
              <strong>{t('hostLost.title')}</strong> {t('hostLost.detail')}
            </div>
          )}
          {disclosure?.pending && <DisclosureBanner state={disclosure} />}
          {pinHints.hints[0] && <PinHint hint={pinHints.hints[0]} more={pinHints.hints.length - 1} />}
          {lane.shownLanguage && lane.shownLanguage !== language && <div className="prompter-notice">{t('variantMissing', { language, shown })}</div>}
          {(notice || lane.error) && !lane.hostLost && (
            <div className="prompter-notice" role="alert">
              {notice ?? lane.error}
            </div>
          )}
        </div>
        {lane.doc ? (
          <ReaderView
            doc={lane.doc}
            alignedIds={lane.alignedIds}
            leadWords={lane.leadWords}
            clock={clock}
            display={display}
            language={shown}
            rtl={rtl}
            cueLabels={lane.cueLabels}
            onLayout={onLayout}
            onFrame={onFrame}
          />
        ) : (
          <div className="prompter-empty">{state?.scriptId ? t('loading') : t('waitingForScript')}</div>
        )}
        </div>
        <QuestionsPanel language={language} open={questionsOpen} onToggle={toggleQuestions} questions={questions} />
      </div>
      <div className="countdown" ref={countdownRef} data-testid="countdown" hidden />
      {panel && <DisplayPanel display={display} onChange={changeDisplay} />}
      <ShortcutHelp window="prompterLane" />
    </div>
  );
}

/** Whether this device shows the questions panel open (each device remembers its own). */
const questionsOpenKey = 'broadcart.prompter.questionsOpen';

/**
 * No platform API pins a product in a live: when a linked product's card is pinned, the host's lane says
 * where to pin it by hand, oldest first. Only the lead lane hears these (control scope, not follow).
 */
function usePinHints(host: ReturnType<typeof prompterLane>, role: 'lead' | 'follower') {
  const [hints, setHints] = useState<LanePinHint[]>([]);
  useEffect(() => {
    if (role !== 'lead') return;
    return host.onPinHint({
      hint: (hint) =>
        setHints((list) => [...list.filter((h) => h.connectionId !== hint.connectionId || h.productId !== hint.productId), hint]),
      // Done here or on the Live page: the same hint goes everywhere.
      done: (connectionId, productId) => setHints((list) => list.filter((h) => h.connectionId !== connectionId || h.productId !== productId)),
    });
  }, [host, role]);
  return { hints };
}

/**
 * The live session's disclosure reminder (a US or UK market): only the host's lane shows it. Loaded when
 * the lane opens (a reminder may be waiting already) and followed from then on.
 */
function useDisclosure(host: ReturnType<typeof prompterLane>, role: 'lead' | 'follower'): DisclosureState | null {
  const [state, setState] = useState<DisclosureState | null>(null);
  useEffect(() => {
    if (role !== 'lead') return;
    let pushed = false;
    const off = host.onDisclosure((next) => {
      pushed = true;
      setState(next);
    });
    // A failed ask leaves the banner out; the next push brings it.
    host.disclosureState().then((next) => !pushed && setState(next), () => {});
    return off;
  }, [host, role]);
  return state;
}

/** "Disclose now": the words to say (and show) in each of the session's languages, and the key that says it is done. */
function DisclosureBanner({ state }: { state: DisclosureState }) {
  const { t } = useTranslation('prompter');
  const key = keyLabels(shortcutById('prompterLane', 'prompter.disclosureDone'))[0] ?? 'D';
  const reason = state.pending?.reason === 'upfront' ? 'upfront' : 'repeat';
  return (
    <div className="prompter-disclosure" role="alert" data-testid="prompter-disclosure" data-reminder={state.pending?.reminderId} data-reason={reason}>
      <span className="pin-hint-label">{t(`disclosure.label.${reason}`, { market: state.market })}</span>
      <span className="disclosure-texts">
        {state.texts.map((x) => (
          <span key={x.language} className="disclosure-text" lang={x.language} dir="auto">
            {x.text}
          </span>
        ))}
      </span>
      <kbd className="pin-hint-key">{t('disclosure.done', { key })}</kbd>
    </div>
  );
}

function PinHint({ hint, more }: { hint: LanePinHint; more: number }) {
  const { t, i18n } = useTranslation('prompter');
  // The product in the host's own language, like the rest of the lane's chrome.
  const product = pickLocalized(hint.productName, i18n.language).text || hint.productId;
  const key = keyLabels(shortcutById('prompterLane', 'prompter.pinDone'))[0] ?? 'P';
  return (
    <div className="prompter-pin-hint" role="status" data-testid="prompter-pin-hint" data-connection={hint.connectionId} dir="auto">
      <span className="pin-hint-label">{t('pinHint.label')}</span>
      <span className="pin-hint-text">{t('pinHint.text', { product, platform: platformNames[hint.platform], connection: hint.connectionLabel })}</span>
      {more > 0 && <span className="pin-hint-more">{t('pinHint.more', { count: more })}</span>}
      <kbd className="pin-hint-key">{t('pinHint.done', { key })}</kbd>
    </div>
  );
}

function DisplayPanel({ display, onChange }: { display: DisplaySettings; onChange(patch: Partial<DisplaySettings>): void }) {
  const { t } = useTranslation(['prompter', 'shortcuts']);
  const legend = shortcutsOf('prompterLane')
    .filter((s) => s.id !== 'help.close')
    .map((s) => (
      <span key={s.id}>
        {keyLabels(s).map((label) => (
          <kbd key={label}>{label}</kbd>
        ))}{' '}
        {t(`shortcuts:action.${s.id}`)}
      </span>
    ));
  const slider = (key: 'fontSizePx' | 'lineHeight' | 'marginPct' | 'readingLinePct', min: number, max: number, step: number) => (
    <label className="panel-row">
      <span>{t(`setting.${key}`)}</span>
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={display[key]}
        onChange={(e) => onChange({ [key]: clampDisplay(key, Number(e.target.value)) })}
      />
      <output className="mono">{display[key]}</output>
    </label>
  );
  const toggle = (key: 'mirrorH' | 'mirrorV' | 'highContrast') => (
    <label className="panel-row">
      <input type="checkbox" checked={display[key]} data-testid={`toggle-${key}`} onChange={(e) => onChange({ [key]: e.target.checked })} />
      <span>{t(`setting.${key}`)}</span>
    </label>
  );
  return (
    <aside className="prompter-panel">
      {slider('fontSizePx', 16, 200, 2)}
      {slider('lineHeight', 1, 3, 0.05)}
      {slider('marginPct', 0, 40, 1)}
      {slider('readingLinePct', 5, 95, 1)}
      {toggle('mirrorH')}
      {toggle('mirrorV')}
      {toggle('highContrast')}
      <p className="muted keys key-legend" data-testid="prompter-key-legend">
        {legend}
      </p>
    </aside>
  );
}
