import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../../electron/shared/contract/audience';
import { useShortcuts } from '../../app/use-shortcuts';
import { useStudio } from '../../store';
import type { ChatFilter } from '../../store/chat';
import { useRunAction } from '../../store/run-action';
import { questionQueue } from './chat-format';
import { ChatRow, rowLabels, type RowActions } from './ChatRow';
import { ForgetViewerDialog, type ForgetTarget } from './ForgetViewerDialog';
import { VirtualRows } from './VirtualRows';
import '../session/session.css';
import './chat.css';

const sameSource = (filter: ChatFilter) => (m: ChatMessage) =>
  (filter.platform === null || m.platform === filter.platform) && (filter.language === null || m.language === filter.language);

/**
 * The chat dock: every platform's comments in one virtualized list (following the newest), filters, the
 * comment pinned on stream, and the question queue (questions and starred comments, open first) with
 * one-key answer. On the Live page beside the scenes, and alone on the chat page (#/chat) for a moderator.
 */
export function ChatDock({ variant }: { variant: 'live' | 'page' }) {
  const { t, i18n } = useTranslation('chat');
  const labels = useMemo(() => rowLabels(t, i18n.language), [t, i18n.language]);
  const messages = useStudio((s) => s.chatMessages);
  const filter = useStudio((s) => s.chatFilter);
  const pinned = useStudio((s) => s.chatPinned);
  const selectedId = useStudio((s) => s.chatSelectedId);
  const setFilter = useStudio((s) => s.setChatFilter);
  const select = useStudio((s) => s.selectChatMessage);
  const setHeld = useStudio((s) => s.setChatHeld);
  const run = useRunAction();
  const [forget, setForget] = useState<ForgetTarget | null>(null);
  const [newest, setNewest] = useState(0);

  const shown = useMemo(() => {
    const source = sameSource(filter);
    return messages.filter((m) => (filter.showHidden || !m.hidden) && (!filter.questionsOnly || m.question || m.starred) && source(m));
  }, [messages, filter]);
  const queue = useMemo(() => questionQueue(messages, sameSource(filter)), [messages, filter]);
  const openCount = useMemo(() => queue.filter((m) => !m.answered).length, [queue]);
  // The filters offer what has been seen, plus what is chosen now (so a choice never vanishes from its list).
  const seenPlatforms = useMemo(() => [...new Set(messages.map((m) => m.platform))].sort(), [messages]);
  const seenLanguages = useMemo(() => [...new Set(messages.map((m) => m.language).filter((l): l is string => l !== null))].sort(), [messages]);

  const latest = useRef({ queue, messages, selectedId, pinned });
  latest.current = { queue, messages, selectedId, pinned };
  const find = (id: string | null) => (id === null ? undefined : latest.current.messages.findLast((m) => m.id === id));

  const actions = useMemo<RowActions>(
    () => ({
      select: (id) => select(id),
      answer: (m) => run(() => useStudio.getState().chatAnswer(m.id, !m.answered)),
      star: (m) => run(() => useStudio.getState().chatStar(m.id, !m.starred)),
      hide: (m) => run(() => useStudio.getState().chatHide(m.id, !m.hidden)),
      pin: (m) => run(() => (latest.current.pinned?.id === m.id ? useStudio.getState().chatUnpin() : useStudio.getState().chatPin(m.id))),
      forget: (m) => setForget({ input: { platform: m.platform, authorKey: m.authorKey }, who: m.authorName }),
    }),
    [run, select],
  );

  // Keys (declared in app/shortcuts.ts): J/K walk the queue, A answers (the selected or the first open question).
  const move = useCallback(
    (step: 1 | -1) => {
      const list = latest.current.queue;
      if (list.length === 0) return;
      const at = list.findIndex((m) => m.id === latest.current.selectedId);
      const next = at < 0 ? (step === 1 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
      select(list[next]!.id);
    },
    [select],
  );
  useShortcuts('controlRoom', {
    'chat.next': () => move(1),
    'chat.previous': () => move(-1),
    'questions.answer': () => {
      const { queue: list, selectedId: id } = latest.current;
      const chosen = find(id);
      const target = chosen && (chosen.question || chosen.starred) ? chosen : list.find((m) => !m.answered);
      if (!target) return;
      actions.answer(target);
      // On to the next open question, so A, A, A works down the queue.
      const next = list.find((m) => !m.answered && m.id !== target.id);
      if (!target.answered) select(next?.id ?? target.id);
    },
    'chat.star': () => {
      const target = find(latest.current.selectedId);
      if (target) actions.star(target);
    },
    'chat.hide': () => {
      const target = find(latest.current.selectedId);
      if (target) actions.hide(target);
    },
    'chat.pin': () => {
      const target = find(latest.current.selectedId);
      if (target) actions.pin(target);
    },
    'chat.unpin': { perform: () => run(() => useStudio.getState().chatUnpin()), when: () => useStudio.getState().chatPinned !== null },
    'chat.newest': () => setNewest((n) => n + 1),
  });

  const renderChat = (m: ChatMessage) => <ChatRow message={m} actions={actions} labels={labels} selected={m.id === selectedId} pinned={m.id === pinned?.id} variant="chat" />;
  const renderQueue = (m: ChatMessage) => <ChatRow message={m} actions={actions} labels={labels} selected={m.id === selectedId} pinned={m.id === pinned?.id} variant="queue" />;

  return (
    <section className={`panel chat-dock chat-dock-${variant}`} data-testid="chat-dock" aria-label={t('title')}>
      <header className="chat-dock-head">
        <h2>{t('title')}</h2>
        <span className="muted small" data-testid="chat-count">
          {t('shownCount', { count: shown.length })}
        </span>
        {variant === 'live' && (
          <a className="chat-page-link" href="#/chat" data-testid="chat-page-link">
            {t('openPage')}
          </a>
        )}
        <div className="chat-filters" role="group" aria-label={t('filters')}>
          <select aria-label={t('filterPlatform')} value={filter.platform ?? ''} onChange={(e) => setFilter({ platform: e.target.value || null })} data-testid="chat-filter-platform">
            <option value="">{t('allPlatforms')}</option>
            {[...new Set([...seenPlatforms, ...(filter.platform ? [filter.platform] : [])])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <select aria-label={t('filterLanguage')} value={filter.language ?? ''} onChange={(e) => setFilter({ language: e.target.value || null })} data-testid="chat-filter-language">
            <option value="">{t('allLanguages')}</option>
            {[...new Set([...seenLanguages, ...(filter.language ? [filter.language] : [])])].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <label className="chat-check">
            <input type="checkbox" checked={filter.questionsOnly} onChange={(e) => setFilter({ questionsOnly: e.target.checked })} data-testid="chat-filter-questions" />
            <span>{t('questionsOnly')}</span>
          </label>
          <label className="chat-check">
            <input type="checkbox" checked={filter.showHidden} onChange={(e) => setFilter({ showHidden: e.target.checked })} data-testid="chat-filter-hidden" />
            <span>{t('showHidden')}</span>
          </label>
        </div>
      </header>
      {pinned && (
        <div className="chat-pinned" data-testid="chat-pinned">
          <span className="chat-pinned-label">{t('onStream')}</span>
          <span className="chat-pinned-text">
            <strong dir="auto">{pinned.authorName}</strong> <bdi>{pinned.text}</bdi>
          </span>
          <button type="button" onClick={() => run(() => useStudio.getState().chatUnpin())} data-testid="chat-unpin">
            {t('unpin')}
          </button>
        </div>
      )}
      <div className="chat-dock-body">
        <div className="chat-col chat-col-list">
          <VirtualRows
            items={shown}
            renderRow={renderChat}
            stickToBottom
            onHeldChange={setHeld}
            newestSignal={newest}
            label={t('listLabel')}
            testId="chat-list"
            empty={messages.length === 0 ? t('empty') : t('emptyFiltered')}
          />
        </div>
        <div className="chat-col chat-col-queue">
          <h3 className="chat-queue-head">
            {t('queue')} <span className="chat-open-count" data-testid="chat-open-count">{t('openCount', { count: openCount })}</span>
          </h3>
          <VirtualRows
            items={queue}
            renderRow={renderQueue}
            stickToBottom={false}
            focusId={selectedId}
            label={t('queue')}
            testId="chat-queue"
            empty={t('queueEmpty')}
          />
        </div>
      </div>
      {forget && <ForgetViewerDialog target={forget} onClose={() => setForget(null)} />}
    </section>
  );
}
