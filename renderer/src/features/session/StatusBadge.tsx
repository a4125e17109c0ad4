import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../../electron/shared/contract/session';

export function StatusBadge({ status }: { status: SessionStatus }) {
  const { t } = useTranslation('sessions');
  return (
    <span className={`badge status-${status}`} data-testid="session-status">
      <span className="dot" />
      {t(`status.${status}`)}
    </span>
  );
}
