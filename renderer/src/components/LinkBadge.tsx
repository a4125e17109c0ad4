import { useTranslation } from 'react-i18next';
import { useStudio } from '../store';

export function LinkBadge() {
  const { t } = useTranslation();
  const link = useStudio((s) => s.link);
  // Short while all is well (the green dot says it), in full when something is wrong.
  const online = link.state === 'online';
  return (
    <span
      className={`badge link-${link.state}`}
      data-testid="link-badge"
      data-state={link.state}
      title={link.detail ?? t(`link.${link.state}`)}
      aria-label={t(`link.${link.state}`)}
    >
      <span className="dot" aria-hidden />
      {online ? t('link.onlineShort') : t(`link.${link.state}`)}
    </span>
  );
}
