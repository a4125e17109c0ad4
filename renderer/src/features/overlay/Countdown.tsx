import { useEffect, useState } from 'react';

/** mm:ss until `until` (ms since epoch), redrawn four times a second, with a bar that runs down. */
export function Countdown({ until, total, label }: { until: number; total: number; label: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  const fraction = total > 0 ? Math.min(1, Math.max(0, (until - now) / total)) : 0;
  return (
    <div className={left <= 10 ? 'countdown urgent' : 'countdown'} data-testid="overlay-countdown">
      <span className="countdown-label">{label}</span>
      <span className="countdown-clock">
        {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}
      </span>
      <div className="countdown-bar">
        <div className="countdown-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
