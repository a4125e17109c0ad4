import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { formatClock } from './format';
import { useShowFailure } from '../../store/run-action';

interface Entry {
  seq: number;
  at: number;
  text: string;
}

/** The moments marked live and the notes, in time order, with a field to add a review note. */
export function NotesPanel({ sessionId, marks, notes, onAdded }: { sessionId: string; marks: Entry[]; notes: Entry[]; onAdded(): void }) {
  const { t, i18n } = useTranslation('sessions');
  const fail = useShowFailure();
  const addNote = useStudio((s) => s.addSessionNote);
  const [text, setText] = useState('');
  const entries = [...marks.map((m) => ({ ...m, type: 'mark' as const })), ...notes.map((n) => ({ ...n, type: 'note' as const }))].sort((a, b) => a.seq - b.seq);
  return (
    <div className="notes-panel">
      {entries.length === 0 ? (
        <p className="muted">{t('notes.none')}</p>
      ) : (
        <ul className="entries" data-testid="marks-list">
          {entries.map((e) => (
            <li key={e.seq} className={`entry entry-${e.type}`}>
              <span className="mono muted">{formatClock(e.at, i18n.language)}</span>
              <span className="entry-type">{t(`notes.${e.type}`)}</span>
              <span>{e.text || <span className="muted">{t('notes.noText')}</span>}</span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault();
          addNote(sessionId, text)
            .then(() => {
              setText('');
              onAdded();
            })
            .catch(fail);
        }}
      >
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('notes.placeholder')} aria-label={t('notes.placeholder')} />
        <button type="submit" disabled={!text.trim()}>
          {t('notes.add')}
        </button>
      </form>
    </div>
  );
}
