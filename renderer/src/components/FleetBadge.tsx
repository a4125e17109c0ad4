import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HostError } from '../../../electron/shared/contract';
import type { FleetStatus } from '../../../electron/shared/contract/fleet';
import { useStudio } from '../store';
import { errorText } from '../store/error-text';

const dayMs = 24 * 60 * 60 * 1000;

type Shown = 'connecting' | 'syncing' | 'upToDate' | 'offline' | 'error' | 'stale';

/** Refusals the badge names in its own text (the list); any other says "Sync error", its reason in the label. */
const namedProblems = ['wrong_password', 'tls_failed', 'schema_too_new', 'server_full'] as const;
type NamedProblem = (typeof namedProblems)[number];
function namedProblem(fleet: FleetStatus): NamedProblem | null {
  const name = fleet.problem?.key.replace(/^fleet\./, '');
  return (namedProblems as readonly string[]).includes(name ?? '') ? (name as NamedProblem) : null;
}

/** Not having reached the server for a day is said louder than a short outage. */
function shownState(fleet: FleetStatus, now: number): Shown {
  const behind = fleet.state !== 'upToDate' && fleet.state !== 'connecting';
  const since = fleet.lastSyncAt ?? fleet.offlineSince;
  if (behind && since !== null && now - since > dayMs) return 'stale';
  return fleet.state === 'off' ? 'connecting' : fleet.state;
}

/**
 * The fleet sync in the top bar, on every page, once a central database is set (nothing while the fleet
 * is off): up to date, n sessions behind, offline, refused (the reason in its label), or a day without sync.
 */
export function FleetBadge() {
  const { t } = useTranslation();
  const fleet = useStudio((s) => s.fleet);
  const [now, setNow] = useState(() => Date.now());
  // A slow clock is enough to notice the day going by.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!fleet || fleet.state === 'off') return null;
  const shown = shownState(fleet, now);
  const reason = fleet.problem ? errorText(HostError.fromBody({ code: 'unavailable', ...fleet.problem })) : '';
  const label = t(`fleet.badgeLabel.${shown}`, { sessions: fleet.sessionsBehind, reason });
  const named = shown === 'error' ? namedProblem(fleet) : null;
  const text = named ? t(`fleet.badgeProblem.${named}`) : t(`fleet.badge.${shown}`, { sessions: fleet.sessionsBehind });
  return (
    <a
      href="#/settings"
      className={`badge fleet-badge fleet-badge-${shown}`}
      data-testid="fleet-badge"
      data-shown={shown}
      data-problem={fleet.problem?.key ?? ''}
      title={label}
      aria-label={`${text}: ${label}`}
    >
      <span className="dot" aria-hidden />
      {text}
    </a>
  );
}
