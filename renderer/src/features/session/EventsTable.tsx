import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LoggedEvent, ProductLabel } from '../../../../electron/shared/contract/session';
import { useStudio } from '../../store';
import { detailsOf } from './event-details';
import { formatClock, productText } from './format';

const pageRows = 200;
const rowHeight = 34;
/** Stream health samples, one every two seconds: most rows of a session, hidden unless asked for. */
const healthKind = 'stream.health';

/**
 * Every event of the session, virtualized: only the rows on screen exist in the page, and pages of 200
 * are fetched from the host as they scroll into view. Health samples are hidden by default.
 */
export function EventsTable({ sessionId, market, kinds }: { sessionId: string; market: string; kinds: { kind: string; count: number }[] }) {
  const { t, i18n } = useTranslation('sessions');
  const loadEvents = useStudio((s) => s.loadSessionEvents);
  const [kind, setKind] = useState('');
  const [showHealth, setShowHealth] = useState(false);
  const total = kinds.reduce((n, k) => n + k.count, 0);
  const healthCount = kinds.find((k) => k.kind === healthKind)?.count ?? 0;
  // Which kinds the host is asked for: one, all but health samples, or everything (no filter: fastest).
  const filter = useMemo<string[] | null>(
    () => (kind ? [kind] : showHealth || healthCount === 0 ? null : kinds.map((k) => k.kind).filter((k) => k !== healthKind)),
    [kind, showHealth, healthCount, kinds],
  );
  const count = kind ? (kinds.find((k) => k.kind === kind)?.count ?? 0) : filter ? total - healthCount : total;
  const pages = useRef(new Map<number, LoggedEvent[] | 'loading'>());
  const labels = useRef<Record<string, ProductLabel>>({});
  const [, setLoaded] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    pages.current = new Map();
    setLoaded((n) => n + 1);
    scroller.current?.scrollTo({ top: 0 });
  }, [filter, sessionId]);

  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 20 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (items.length === 0 || (filter && filter.length === 0)) return;
    const first = Math.floor(items[0]!.index / pageRows);
    const last = Math.floor(items[items.length - 1]!.index / pageRows);
    for (let page = first; page <= last; page++) {
      if (pages.current.has(page)) continue;
      const map = pages.current;
      map.set(page, 'loading');
      loadEvents({ id: sessionId, offset: page * pageRows, limit: pageRows, ...(filter ? { kinds: filter } : {}) })
        .then((r) => {
          if (pages.current !== map) return;
          Object.assign(labels.current, r.productLabels);
          map.set(page, r.events);
          setLoaded((n) => n + 1);
        })
        .catch(() => map.delete(page));
    }
  });

  const rowAt = (index: number): LoggedEvent | null => {
    const page = pages.current.get(Math.floor(index / pageRows));
    return page && page !== 'loading' ? (page[index % pageRows] ?? null) : null;
  };

  return (
    <div className="events-table">
      <div className="events-toolbar">
        <label>
          {t('events.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="events-kind">
            <option value="">{t('events.allKinds', { count: showHealth ? total : total - healthCount })}</option>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {`${t(`kinds.${k.kind}`, { defaultValue: k.kind })} (${k.count.toLocaleString(i18n.language)})`}
              </option>
            ))}
          </select>
        </label>
        {healthCount > 0 && (
          <label className="check">
            <input type="checkbox" checked={showHealth} disabled={kind !== ''} onChange={(e) => setShowHealth(e.target.checked)} data-testid="events-show-health" />
            {t('events.showHealth', { count: healthCount })}
          </label>
        )}
        <span className="muted" data-testid="events-count">
          {t('events.rows', { count })}
        </span>
      </div>
      {/* One ARIA table: the header row and the virtualized rows (each with cells) are its row groups. */}
      <div role="table" aria-rowcount={count + 1} aria-label={t('detail.events')}>
        <div role="rowgroup">
          <div className="events-head" role="row">
            <span role="columnheader">#</span>
            <span role="columnheader">{t('events.time')}</span>
            <span role="columnheader">{t('events.kind')}</span>
            <span role="columnheader">{t('events.product')}</span>
            <span role="columnheader">{t('events.details')}</span>
          </div>
        </div>
        <div ref={scroller} className="events-scroll" style={{ height: Math.min(420, Math.max(3, count) * rowHeight + 4) }} data-testid="events-scroll" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  className="events-row"
                  role="row"
                  data-testid="event-row"
                  data-kind={row?.kind}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
                >
                  {row ? (
                    <>
                      <span role="cell" className="mono muted">
                        {row.seq}
                      </span>
                      <span role="cell" className="mono">
                        {formatClock(row.at, i18n.language)}
                      </span>
                      <span role="cell" className={`kind kind-${row.kind.split('.')[0]}`} title={row.kind}>
                        {row.kind}
                      </span>
                      <span role="cell" className="product-cell" title={row.productId ?? ''} data-testid="event-product">
                        {row.productId ? productText(labels.current[row.productId], row.productId, i18n.language) : ''}
                      </span>
                      <span role="cell" className="payload" dir="auto" title={JSON.stringify(row.payload)}>
                        {detailsOf(row, market)}
                      </span>
                    </>
                  ) : (
                    <span role="cell" className="muted">
                      …
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
