import { useState } from 'react';
import { SessionDetail } from '../features/sessions/SessionDetail';
import { SessionList } from '../features/sessions/SessionList';
import '../features/sessions/sessions.css';

/** Sessions review: the list of broadcasts, and one session's timeline, health, products and events. */
export function SessionsPage() {
  const [openId, setOpenId] = useState<string | null>(null);
  return openId ? <SessionDetail id={openId} onBack={() => setOpenId(null)} /> : <SessionList onOpen={setOpenId} />;
}
