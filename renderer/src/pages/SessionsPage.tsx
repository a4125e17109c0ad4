import { useEffect, useState } from 'react';
import { SessionDetail } from '../features/session/SessionDetail';
import { SessionList } from '../features/session/SessionList';
import '../features/session/session.css';

/** The session named in the address (#/sessions/<id>), so a reload or a link a manager sends opens it. */
function sessionFromHash(): string | null {
  const match = /^#\/?sessions\/([0-9a-f-]{36})/i.exec(window.location.hash);
  return match ? match[1]! : null;
}

/** Sessions review: the list of broadcasts, and one session's timeline, health, products and events. */
export function SessionsPage() {
  const [openId, setOpenId] = useState<string | null>(sessionFromHash);
  useEffect(() => {
    const onHash = () => setOpenId(sessionFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const open = (id: string | null) => {
    window.location.hash = id ? `/sessions/${id}` : '/sessions';
  };
  return openId ? <SessionDetail key={openId} id={openId} onBack={() => open(null)} /> : <SessionList onOpen={open} />;
}
