import { useEffect, useState } from 'react';
import { SessionDetail, type ReviewView } from '../features/session/SessionDetail';
import { salesGroups } from '../features/session/sales-csv';
import { SessionList } from '../features/session/SessionList';
import '../features/session/session.css';

/**
 * The session named in the address and the part of its review open (#/sessions/<id>,
 * #/sessions/<id>/sales/cue), so a reload or a link a manager sends opens the same.
 */
function reviewFromHash(): { id: string; view: ReviewView } | null {
  const match = /^#\/?sessions\/([0-9a-f-]{36})(?:\/(sales)(?:\/([a-z]+))?)?/i.exec(window.location.hash);
  if (!match) return null;
  const group = salesGroups.find((g) => g === match[3]) ?? 'product';
  return { id: match[1]!, view: { tab: match[2] ? 'sales' : 'overview', group } };
}

function reviewHash(id: string, view: ReviewView): string {
  if (view.tab === 'overview') return `/sessions/${id}`;
  return view.group === 'product' ? `/sessions/${id}/sales` : `/sessions/${id}/sales/${view.group}`;
}

/** Sessions review: the list of broadcasts, and one session's timeline, health, products and events. */
export function SessionsPage() {
  const [open, setOpen] = useState(reviewFromHash);
  useEffect(() => {
    const onHash = () => setOpen(reviewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = (hash: string) => void (window.location.hash = hash);
  return open ? (
    <SessionDetail key={open.id} id={open.id} view={open.view} onView={(view: ReviewView) => go(reviewHash(open.id, view))} onBack={() => go('/sessions')} />
  ) : (
    <SessionList onOpen={(id) => go(`/sessions/${id}`)} />
  );
}
