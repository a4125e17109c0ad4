import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { errorText } from '../../store/run-action';
import type { ArchiveImportResult as ImportResult } from '../../store/session-review-slice';

/** Import a session archive (.bcsession) by file picker or drag and drop, and say what came in. */
export function ArchiveImport({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation('sessions');
  const importFile = useStudio((s) => s.importSessionArchive);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<{ fileName: string; result: ImportResult } | { fileName: string; error: string } | null>(null);

  const run = (file: File) => {
    setBusy(file.name);
    setOutcome(null);
    importFile(file)
      .then((result) => setOutcome({ fileName: file.name, result }))
      .catch((e: unknown) => setOutcome({ fileName: file.name, error: errorText(e) }))
      .finally(() => setBusy(null));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) run(file);
  };

  return (
    <div
      className={dragging ? 'archive-import dragging' : 'archive-import'}
      data-testid="archive-import"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <input
        ref={input}
        type="file"
        accept=".bcsession,application/gzip"
        className="sr-only"
        aria-label={t('import.pick')}
        tabIndex={-1}
        data-testid="archive-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) run(file);
          e.target.value = '';
        }}
      />
      <div className="archive-import-row">
        <button type="button" disabled={busy !== null} onClick={() => input.current?.click()} data-testid="archive-pick">
          {t('import.pick')}
        </button>
        <span className="muted">{busy ? t('import.busy', { fileName: busy }) : t('import.drop')}</span>
      </div>
      {outcome && (
        <div className={'error' in outcome ? 'import-outcome refused' : 'import-outcome'} role="status" data-testid="archive-outcome">
          {'error' in outcome ? (
            <span>{t('import.failed', { fileName: outcome.fileName, message: outcome.error })}</span>
          ) : (
            <>
              <span>
                {outcome.result.importedEvents === 0 && outcome.result.skippedEvents > 0
                  ? t('import.already', { title: outcome.result.session.title, count: outcome.result.skippedEvents })
                  : t('import.done', {
                      title: outcome.result.session.title,
                      imported: outcome.result.importedEvents,
                      skipped: outcome.result.skippedEvents,
                    })}
              </span>
              <button type="button" className="linkish" onClick={() => onOpen(outcome.result.session.id)}>
                {t('actions.open')}
              </button>
            </>
          )}
          <button type="button" onClick={() => setOutcome(null)} aria-label={t('import.dismiss')}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
