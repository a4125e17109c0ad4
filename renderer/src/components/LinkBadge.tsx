import { useTranslation } from 'react-i18next';
import { useStudio } from '../store';

export function LinkBadge() {
  const { t } = useTranslation();
  const link = useStudio((s) => s.link);
  return (
    <span className={`badge link-${link.state}`} data-testid="link-badge" data-state={link.state} title={link.detail}>
      <span className="dot" aria-hidden />
      {t(`link.${link.state}`)}
    </span>
  );
}
