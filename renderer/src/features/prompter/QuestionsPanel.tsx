import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../../electron/shared/contract/audience';
import { languageNames } from '../../../../electron/shared/languages';
import { keyLabels, shortcutById } from '../../app/shortcuts';
import type { LaneQuestions } from './use-lane-questions';

/**
 * The co-host's question queue, beside the script (never over it): open questions in this lane's
 * language, newest on top, each marked answered with a click, the newest with the A key.
 */
export function QuestionsPanel({
  language,
  open,
  onToggle,
  questions,
}: {
  language: string;
  open: boolean;
  onToggle(): void;
  questions: LaneQuestions;
}) {
  const { t, i18n } = useTranslation('prompter');
  const count = questions.questions.length;
  const toggleKey = keyLabels(shortcutById('prompterLane', 'questions.toggle'))[0] ?? 'Q';
  const answerKey = keyLabels(shortcutById('prompterLane', 'questions.answer'))[0] ?? 'A';
  const languageName = displayLanguage(language, i18n.language);
  if (!open) {
    return (
      <button
        type="button"
        className="lane-questions-tab"
        data-testid="lane-questions-tab"
        aria-expanded={false}
        onClick={onToggle}
        title={t('questions.show', { key: toggleKey })}
      >
        <span className="lane-questions-tab-label">{t('questions.title')}</span>
        <span className={count > 0 ? 'lane-questions-count has-open' : 'lane-questions-count'} data-testid="lane-questions-count">
          {count}
        </span>
      </button>
    );
  }
  return (
    <aside className="lane-questions" data-testid="lane-questions" data-language={language} aria-label={t('questions.label', { language: languageName })}>
      <header className="lane-questions-head">
        <h2>
          {t('questions.title')} <span className="lane-questions-count" data-testid="lane-questions-count">{count}</span>
        </h2>
        <button type="button" onClick={onToggle} aria-expanded title={t('questions.hide', { key: toggleKey })}>
          {t('questions.collapse')}
        </button>
      </header>
      <p className="lane-questions-scope">{t('questions.scope', { language: languageName, key: answerKey })}</p>
      {questions.error && (
        <p className="lane-questions-error" role="alert">
          {questions.error}
        </p>
      )}
      {count === 0 ? (
        <p className="lane-questions-empty" data-testid="lane-questions-empty">
          {t('questions.none', { language: languageName })}
        </p>
      ) : (
        <ol className="lane-questions-list">
          {questions.questions.map((message, i) => (
            <Question
              key={message.id}
              message={message}
              first={i === 0}
              answerKey={answerKey}
              busy={questions.answering.has(message.id)}
              onAnswer={questions.answer}
            />
          ))}
        </ol>
      )}
    </aside>
  );
}

/**
 * One question. Memoized: a burst of comments changes the list several times a second, and redrawing all 200 items
 * each time (with a clock format each) was most of a lane's work under a chat burst (bench:audience).
 */
const Question = memo(function Question({
  message,
  first,
  answerKey,
  busy,
  onAnswer,
}: {
  message: ChatMessage;
  first: boolean;
  answerKey: string;
  busy: boolean;
  onAnswer(id: string): void;
}) {
  const { t, i18n } = useTranslation('prompter');
  return (
    <li className="lane-question" data-testid="lane-question" data-id={message.id}>
      <p className="lane-question-text" dir="auto" lang={message.language ?? undefined}>
        {message.text}
      </p>
      <div className="lane-question-meta">
        <span className="lane-question-author" dir="auto">
          {message.authorName}
        </span>
        <span className="lane-question-platform">{chatPlatformNames[message.platform] ?? message.platform}</span>
        <time className="mono">{clockTime(message.at, i18n.language)}</time>
        <button type="button" className="lane-question-answer" disabled={busy} onClick={() => onAnswer(message.id)} data-testid="lane-question-answer">
          {t('questions.answered')}
          {first && <kbd>{answerKey}</kbd>}
        </button>
      </div>
    </li>
  );
});

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** 14:05 in the UI's locale; one formatter per locale (making one costs far more than using it). */
function clockTime(at: number, locale: string): string {
  let format = clockFormats.get(locale);
  if (!format) clockFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })));
  return format.format(at);
}

/** Brands as they write themselves; a bridge's other platforms show as the bridge names them. */
const chatPlatformNames: Record<string, string> = {
  youtube: 'YouTube',
  twitch: 'Twitch',
  tiktok: 'TikTok',
  instagram: 'Instagram',
  facebook: 'Facebook',
  shopee: 'Shopee',
};

/** The lane's language named in the UI's language ("Spanish", "西班牙语"). */
function displayLanguage(language: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(language) ?? language;
  } catch {
    return languageNames[language] ?? language;
  }
}
