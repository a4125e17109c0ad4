import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/shared/contract';
import type { ErrorBody } from '../../../../electron/shared/contract/errors';
import { errorFromBody } from '../../transport/host-client';
import { hostClient } from '../../transport';

type ImportResult = MethodOutput<'session.import'>;

/**
 * Sends a picked or dropped archive to the host: in Electron the host reads the file where it lies (its
 * path from the native dialog or the drop); in a browser, which may be on another device, it is uploaded.
 */
async function importFile(file: File): Promise<ImportResult> {
  const path = window.broadcart?.pathForFile(file);
  if (path) return hostClient().call('session.import', { path });
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const response = await fetch(`${window.location.origin}/session/import?name=${encodeURIComponent(file.name)}&token=${encodeURIComponent(token)}`, {
    method: 'POST',
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as ImportResult | { error?: ErrorBody };
  if (!response.ok || 'error' in body) {
    throw errorFromBody(('error' in body && body.error) || { code: 'internal', message: `The host answered ${response.status}.` });
  }
  return body as ImportResult;
}

/** Import a session archive (.bcsession) by file picker or drag and drop, and say what came in. */
export function ArchiveImport({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation('sessions');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<{ fileName: string; result: ImportResult } | { fileName: string; error: string } | null>(null);

  const run = (file: File) => {
    setBusy(file.name);
    setOutcome(null);
    importFile(file)
      .then((result) => setOutcome({ fileName: file.name, result }))
      .catch((e: Error) => setOutcome({ fileName: file.name, error: e.message }))
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
