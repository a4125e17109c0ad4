import { memo, useState } from 'react';
import type { TFunction } from 'i18next';
import type { ChatMessage } from '../../../../electron/shared/contract/audience';
import { formatAmount, platformBadge, timeOfDay } from './chat-format';

/** A row's words, looked up once per language by the dock (rows are drawn many times a second). */
export function rowLabels(t: TFunction<'chat'>, locale: string) {
  return {
    locale,
    t,
    member: t('kind.member'),
    moderator: t('kind.moderator'),
    question: t('question'),
    starred: t('starred'),
    answered: t('answered'),
    onStream: t('onStream'),
    reopen: t('reopen'),
    answer: t('answer'),
    star: t('star'),
    unstar: t('unstar'),
    hide: t('hide'),
    show: t('show'),
    pin: t('pin'),
    unpin: t('unpin'),
    more: t('more'),
    forgetViewer: t('forgetViewer'),
    hiddenByHand: t('hiddenByHand'),
  };
}
export type RowLabels = ReturnType<typeof rowLabels>;

/** What a row's buttons do; one stable object per dock, so rows re-render only when their comment changes. */
export interface RowActions {
  select(id: string): void;
  answer(message: ChatMessage): void;
  star(message: ChatMessage): void;
  hide(message: ChatMessage): void;
  pin(message: ChatMessage): void;
  forget(message: ChatMessage): void;
}

interface Props {
  message: ChatMessage;
  actions: RowActions;
  labels: RowLabels;
  selected: boolean;
  pinned: boolean;
  /** The question queue shows its buttons always; the chat list on hover, focus or selection. */
  variant: 'chat' | 'queue';
}

/** One comment: platform badge, author, kind (paid with its amount, member, moderator), language, text, actions. */
export const ChatRow = memo(function ChatRow({ message: m, actions, labels: l, selected, pinned, variant }: Props) {
  const t = l.t;
  const [menu, setMenu] = useState(false);
  // The chat list shows a row's buttons only under the pointer, with the focus inside, or selected (CSS);
  // they are made the first time one of those happens: a burst brings hundreds of rows a second, and their
  // buttons were most of the DOM each new row cost. Once made they stay (CSS still shows and hides them):
  // taking them away when the pointer left would let a row that grew under the pointer and shrank again
  // flicker. The queue shows its buttons always.
  const [engaged, setEngaged] = useState(false);
  const withActions = variant === 'queue' || selected || engaged;
  const badge = platformBadge(m.platform);
  const classes = ['chat-row', `chat-row-${variant}`, `chat-kind-${m.kind}`];
  if (selected) classes.push('selected');
  if (m.hidden) classes.push('is-hidden');
  if (m.answered) classes.push('is-answered');
  if (pinned) classes.push('is-pinned');
  const isQuestion = m.question || m.starred;

  return (
    <div
      className={classes.join(' ')}
      data-testid={variant === 'chat' ? 'chat-message' : 'chat-question'}
      data-id={m.id}
      data-platform={m.platform}
      data-language={m.language ?? ''}
      data-kind={m.kind}
      data-answered={m.answered}
      data-starred={m.starred}
      data-hidden={m.hidden}
      aria-current={selected ? 'true' : undefined}
      onClick={() => actions.select(m.id)}
      onPointerEnter={variant === 'chat' && !engaged ? () => setEngaged(true) : undefined}
      onFocus={variant === 'chat' && !engaged ? () => setEngaged(true) : undefined}
    >
      <div className="chat-row-head">
        <span className={badge.className}>{badge.label}</span>
        <span className="chat-author" title={m.authorName} dir="auto">
          {m.authorName}
        </span>
        {m.kind === 'superChat' && m.amount && (
          <span className="chat-tag chat-tag-paid" data-testid="chat-amount">
            {formatAmount(m.amount, l.locale, (count) => t('bits', { count }))}
          </span>
        )}
        {m.kind === 'member' && <span className="chat-tag chat-tag-member">{l.member}</span>}
        {m.kind === 'moderator' && <span className="chat-tag chat-tag-mod">{l.moderator}</span>}
        {m.language && (
          <span className="chat-tag chat-tag-lang" lang="en">
            {m.language}
          </span>
        )}
        {m.question && <span className="chat-tag chat-tag-question">{l.question}</span>}
        {m.starred && (
          <span className="chat-tag chat-tag-star" aria-label={l.starred}>
            ★
          </span>
        )}
        {m.answered && <span className="chat-tag chat-tag-answered">{l.answered}</span>}
        {pinned && <span className="chat-tag chat-tag-pinned">{l.onStream}</span>}
        <time className="chat-time" dateTime={new Date(m.at).toISOString()}>
          {timeOfDay(m.at, l.locale)}
        </time>
      </div>
      {/* Viewers write in any language: each comment takes its own direction, whatever the UI's. */}
      <div className="chat-text" lang={m.language ?? undefined}>
        <bdi>{m.text}</bdi>
        {m.hidden && <span className="chat-hidden-by muted">{m.hiddenBy ? t('hiddenByTerm', { term: m.hiddenBy }) : l.hiddenByHand}</span>}
      </div>
      {withActions && (
        <div className="chat-actions" onClick={(e) => e.stopPropagation()}>
          {isQuestion && (
            <button type="button" className={m.answered ? 'chip on' : 'chip'} onClick={() => actions.answer(m)} data-testid="chat-answer">
              {m.answered ? l.reopen : l.answer}
            </button>
          )}
          <button type="button" className={m.starred ? 'chip on' : 'chip'} onClick={() => actions.star(m)} data-testid="chat-star" aria-pressed={m.starred}>
            {m.starred ? l.unstar : l.star}
          </button>
          <button type="button" className="chip" onClick={() => actions.hide(m)} data-testid="chat-hide">
            {m.hidden ? l.show : l.hide}
          </button>
          <button type="button" className={pinned ? 'chip on' : 'chip'} onClick={() => actions.pin(m)} data-testid="chat-pin">
            {pinned ? l.unpin : l.pin}
          </button>
          {/* The menu closes when focus leaves it (a click elsewhere, Tab) or on Escape, as menus do. */}
          <span
            className="chat-menu"
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setMenu(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && menu) {
                e.stopPropagation();
                setMenu(false);
              }
            }}
          >
            <button type="button" className="chip" aria-haspopup="menu" aria-expanded={menu} aria-label={l.more} title={l.more} onClick={() => setMenu((o) => !o)} data-testid="chat-more">
              ⋯
            </button>
            {menu && (
              <div className="chat-menu-list" role="menu">
                <button
                  type="button"
                  role="menuitem"
                  onClick={() => {
                    setMenu(false);
                    actions.forget(m);
                  }}
                  data-testid="chat-forget"
                >
                  {l.forgetViewer}
                </button>
              </div>
            )}
          </span>
        </div>
      )}
    </div>
  );
});
