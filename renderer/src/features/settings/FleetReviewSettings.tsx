import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { CaFileField, centralConnectionInput, type PickedCa } from './CaFileField';

/**
 * The manager's switch: the Sessions page reviews this PC's log, or every studio's sessions in the
 * central PostgreSQL read with a manager's login (not the studio login the sync uses). Switching on
 * proves the login first; the password is write-only. Fixed (read-only here) when the host was started
 * with `serve --central`.
 */
export function FleetReviewSettings() {
  const { t } = useTranslation('settings');
  const review = useStudio((s) => s.fleet?.review ?? null);
  const configure = useStudio((s) => s.configureReview);
  const fail = useShowFailure();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [caFile, setCaFile] = useState('');
  const [caPicked, setCaPicked] = useState<PickedCa | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setUrl(review?.url ?? '');
    setCaFile(review?.caFile ?? '');
  }, [review?.url, review?.caFile]);

  const save = (enabled: boolean) => {
    setBusy(true);
    configure({ ...centralConnectionInput({ url, password, caFile, caPicked }), enabled })
      .then(() => {
        setPassword('');
        setCaPicked(null);
      })
      .catch(fail)
      .finally(() => setBusy(false));
  };
  const fixed = review?.fixed ?? false;

  return (
    <section className="panel" data-testid="fleet-review-settings">
      <h2>{t('review')}</h2>
      <p className="muted">{t('reviewHelp')}</p>
      <label className="form-row">
        <span>{t('reviewUrl')}</span>
        <input
          data-testid="review-url"
          dir="ltr"
          value={url}
          disabled={fixed}
          placeholder="postgres://manager@db.example.com:5432/broadcart?sslmode=verify-full"
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <label className="form-row">
        <span>
          {t('fleetPassword')} <span className="muted">({review === null ? '…' : review.hasPassword ? t('secretIsSet') : t('secretNotSet')})</span>
        </span>
        <input data-testid="review-password" type="password" autoComplete="off" disabled={fixed} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <CaFileField testIdPrefix="review" path={caFile} onPath={setCaFile} picked={caPicked} onPicked={setCaPicked} disabled={fixed} />
      <div className="form-row">
        <span />
        <span>
          {review?.enabled ? (
            <button type="button" data-testid="review-off" disabled={fixed || busy} onClick={() => save(false)}>
              {t('reviewOff')}
            </button>
          ) : (
            <button type="button" className="primary" data-testid="review-on" disabled={busy || url.trim() === ''} onClick={() => save(true)}>
              {busy ? t('reviewChecking') : t('reviewOn')}
            </button>
          )}
        </span>
      </div>
      <p data-testid="review-state" role="status" className="muted">
        {review === null ? '…' : fixed ? t('reviewFixed') : review.enabled ? t('reviewStateOn', { url: review.url }) : t('reviewStateOff')}
      </p>
    </section>
  );
}
