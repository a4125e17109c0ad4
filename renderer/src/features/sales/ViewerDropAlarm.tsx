import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store';

/**
 * Viewers dropped sharply: the cue to win them back, said as what to do. Its own violet, never the tally's
 * red or green (nor the amber of a stream-health alarm). Gone when dismissed, or when a product is pinned
 * or a deal starts.
 */
export function ViewerDropAlarm() {
  const { t, i18n } = useTranslation('live');
  const drop = useStudio((s) => s.viewerDrop);
  const dismiss = useStudio((s) => s.dismissViewerDrop);
  if (!drop) return null;
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const percent = drop.from > 0 ? Math.round(((drop.from - drop.to) / drop.from) * 100) : 0;
  const minutes = Math.max(1, Math.round(drop.withinMs / 60_000));
  return (
    <section className="panel viewer-drop" role="alert" data-testid="viewer-drop-alarm">
      <div className="viewer-drop-text">
        <strong>{t('viewerDrop.title', { percent })}</strong>
        <span>{t('viewerDrop.detail', { from: number(drop.from), to: number(drop.to), count: minutes })}</span>
        <span className="viewer-drop-todo">{t('viewerDrop.todo')}</span>
      </div>
      <button type="button" onClick={dismiss} data-testid="viewer-drop-dismiss">
        {t('viewerDrop.dismiss')}
      </button>
    </section>
  );
}
