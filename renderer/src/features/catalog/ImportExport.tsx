import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { downloadText } from './download';
import { useShowFailure } from '../../store/run-action';

/** Import a CSV/JSON file (refused whole when it has errors, unless the user picks valid rows only) and export. */
export function ImportExport() {
  const { t } = useTranslation('catalog');
  const input = useRef<HTMLInputElement>(null);
  const importCatalog = useStudio((s) => s.importCatalog);
  const exportCatalog = useStudio((s) => s.exportCatalog);
  const fail = useShowFailure();

  const onFile = async (file: File) => {
    try {
      await importCatalog(file.name, await file.text());
    } catch (e) {
      fail(e);
    }
  };
  const onExport = async (format: 'csv' | 'json') => {
    try {
      const file = await exportCatalog(format);
      downloadText(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json');
    } catch (e) {
      fail(e);
    }
  };
  return (
    <div className="toolbar">
      <input
        ref={input}
        type="file"
        accept=".csv,.json,text/csv,application/json"
        className="sr-only"
        // The Import button opens it; it keeps a name for screen readers and stays out of the tab order.
        aria-label={t('import')}
        tabIndex={-1}
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void onFile(file);
          e.target.value = '';
        }}
      />
      <button className="primary" onClick={() => input.current?.click()}>
        {t('import')}
      </button>
      <button onClick={() => void onExport('csv')}>{t('exportCsv')}</button>
      <button onClick={() => void onExport('json')}>{t('exportJson')}</button>
    </div>
  );
}

/** The outcome of the last import, with every problem by row and column. */
export function ImportReport() {
  const { t } = useTranslation('catalog');
  const last = useStudio((s) => s.lastImport);
  const importCatalog = useStudio((s) => s.importCatalog);
  const clear = useStudio((s) => s.clearImport);
  const fail = useShowFailure();
  if (!last) return null;
  const refused = !last.written;
  return (
    <div className={refused ? 'import-report refused' : 'import-report'} data-testid="import-report" role="status">
      <div className="import-report-head">
        <strong>
          {refused
            ? t('importRefused', { fileName: last.fileName, count: last.errors.length })
            : t('importDone', { fileName: last.fileName, added: last.added, updated: last.updated })}
        </strong>
        {refused && last.validRows > 0 ? (
          <button
            className="primary"
            data-testid="import-valid-only"
            onClick={() => importCatalog(last.fileName, last.content, 'validOnly').catch(fail)}
          >
            {t('importValidOnly', { count: last.validRows })}
          </button>
        ) : null}
        <button onClick={clear}>{t('dismiss')}</button>
      </div>
      {last.errors.length > 0 ? (
        <table className="table compact" data-testid="import-errors">
          <thead>
            <tr>
              <th>{t('importRow')}</th>
              <th>{t('importColumn')}</th>
              <th>{t('importProblem')}</th>
            </tr>
          </thead>
          <tbody>
            {last.errors.slice(0, 200).map((e, i) => (
              <tr key={i}>
                <td className="mono">{e.row}</td>
                <td className="mono">{e.column}</td>
                <td>{t(`issue.${e.code}`, { ...e.params, defaultValue: e.message })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
