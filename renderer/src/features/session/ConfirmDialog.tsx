import { useTranslation } from 'react-i18next';

/** An in-page confirmation (for destructive actions): says what will happen, Cancel is the default. */
export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation('sessions');
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && props.onCancel()}>
      <div className="modal panel" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h2 id="confirm-title">{props.title}</h2>
        <p>{props.message}</p>
        <div className="modal-actions">
          <button type="button" autoFocus onClick={props.onCancel}>
            {t('cancel')}
          </button>
          <button type="button" className="danger" onClick={props.onConfirm} data-testid="confirm-yes">
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
