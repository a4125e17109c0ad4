import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A CA certificate chosen with the file picker: its name (shown) and its PEM text (sent on save). */
export interface PickedCa {
  name: string;
  pem: string;
}

/**
 * What both central connections' forms send: the URL, the password only when one was typed (blank keeps
 * the one the host has), and the CA as the certificate chosen with the picker or the path typed.
 */
export function centralConnectionInput(form: { url: string; password: string; caFile: string; caPicked: PickedCa | null }) {
  return {
    url: form.url.trim(),
    ...(form.caPicked ? { caPem: form.caPicked.pem } : { caFile: form.caFile.trim() === '' ? null : form.caFile.trim() }),
    ...(form.password !== '' ? { password: form.password } : {}),
  };
}

/**
 * The CA file of a central connection: a path the host can read, or a certificate chosen with the file
 * picker (a page cannot learn a file's path: its text goes to the host, which keeps it in the data folder).
 */
export function CaFileField({
  testIdPrefix,
  path,
  onPath,
  picked,
  onPicked,
  disabled = false,
}: {
  testIdPrefix: 'fleet' | 'review';
  path: string;
  onPath(path: string): void;
  picked: PickedCa | null;
  onPicked(picked: PickedCa | null): void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('settings');
  const chooser = useRef<HTMLInputElement>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      onPicked({ name: file.name, pem: await file.text() });
      setUnreadable(null);
    } catch (error) {
      setUnreadable(t('fleetCaUnreadable', { name: file.name, reason: (error as Error).message }));
    }
  };
  return (
    <div className="form-row ca-file-field">
      <label htmlFor={`${testIdPrefix}-ca-file`}>{t('fleetCaFile')}</label>
      <span className="ca-file-controls">
        <span className="ca-file-line">
          <input
            id={`${testIdPrefix}-ca-file`}
            data-testid={`${testIdPrefix}-ca-file`}
            dir="ltr"
            disabled={disabled}
            value={picked ? picked.name : path}
            placeholder="/etc/ssl/fleet-ca.pem"
            onChange={(e) => {
              onPicked(null);
              onPath(e.target.value);
            }}
          />
          <button type="button" disabled={disabled} data-testid={`${testIdPrefix}-ca-choose`} onClick={() => chooser.current?.click()}>
            {t('fleetCaChoose')}
          </button>
          <input
            ref={chooser}
            type="file"
            accept=".pem,.crt,.cer,application/x-pem-file"
            hidden
            data-testid={`${testIdPrefix}-ca-picker`}
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </span>
        {picked && (
          <span className="ca-file-note muted" data-testid={`${testIdPrefix}-ca-chosen`}>
            {t('fleetCaChosen', { name: picked.name })}
          </span>
        )}
        {unreadable && (
          <span className="ca-file-note" role="alert">
            {unreadable}
          </span>
        )}
      </span>
    </div>
  );
}
