import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RundownItem } from '../../../../electron/shared/contract/rundown';
import { pickLocalized } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';
import { refusalOf } from '../../store/compliance-slice';

/**
 * The run of show: products and segments in order, the one on air and the next product. Reorder by
 * dragging, or with Alt+ArrowUp / Alt+ArrowDown on the focused item (the focus follows the item).
 */
export function RundownPanel({ productId }: { productId: string | null }) {
  const { t, i18n } = useTranslation('cards');
  const rundown = useStudio((s) => s.rundown);
  const products = useStudio((s) => s.products);
  const moveRundownItem = useStudio((s) => s.moveRundownItem);
  const addRundownItem = useStudio((s) => s.addRundownItem);
  const updateRundownItem = useStudio((s) => s.updateRundownItem);
  const setCurrentRundownItem = useStudio((s) => s.setCurrentRundownItem);
  const removeRundownItem = useStudio((s) => s.removeRundownItem);
  const pin = useStudio((s) => s.pin);
  const askRefusalReason = useStudio((s) => s.askRefusalReason);
  const fail = useShowFailure();
  const [segment, setSegment] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const items = rundown?.items ?? [];

  const label = (item: RundownItem) => {
    if (item.kind === 'segment') return item.title;
    const product = products.find((p) => p.id === item.productId);
    return product ? pickLocalized(product.name, i18n.language).text : (item.sku ?? '?');
  };
  const move = async (item: RundownItem, toIndex: number) => {
    if (toIndex < 0 || toIndex >= items.length) return;
    await moveRundownItem(item.id, toIndex).catch(fail);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-item-id="${item.id}"]`)?.focus());
  };
  const onKey = (e: KeyboardEvent, item: RundownItem, index: number) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      void move(item, index + (e.key === 'ArrowUp' ? -1 : 1));
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const sibling = items[index + (e.key === 'ArrowUp' ? -1 : 1)];
      if (sibling) document.querySelector<HTMLElement>(`[data-item-id="${sibling.id}"]`)?.focus();
    }
  };

  return (
    <section className="panel" data-testid="rundown">
      <div className="panel-head">
        <h2>{t('rundownTitle')}</h2>
        <button disabled={!productId} onClick={() => productId && void addRundownItem({ kind: 'product', productId }).catch(fail)} data-testid="rundown-add-product">
          {t('addProduct')}
        </button>
      </div>
      <div className="toolbar">
        <input placeholder={t('segmentTitle')} value={segment} onChange={(e) => setSegment(e.target.value)} aria-label={t('segmentTitle')} />
        <button
          disabled={segment.trim() === ''}
          onClick={() => void addRundownItem({ kind: 'segment', title: segment.trim() }).then(() => setSegment(''), fail)}
          data-testid="rundown-add-segment"
        >
          {t('addSegment')}
        </button>
      </div>
      {items.length === 0 ? <p className="muted">{t('rundownEmpty')}</p> : <p className="muted small">{t('moveHint')}</p>}
      <ol className="rundown-list" data-testid="rundown-list">
        {items.map((item, index) => {
          const isNext = item.kind === 'product' && item.productId === rundown?.nextProductId && !item.current;
          return (
            <li
              key={item.id}
              data-item-id={item.id}
              tabIndex={0}
              draggable
              className={`rundown-item${item.current ? ' current' : ''}${isNext ? ' next' : ''}${dragging === item.id ? ' dragging' : ''}`}
              onKeyDown={(e) => onKey(e, item, index)}
              onDragStart={(e) => {
                setDragging(item.id);
                e.dataTransfer.setData('text/plain', item.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const dragged = items.find((i) => i.id === e.dataTransfer.getData('text/plain'));
                if (dragged && dragged.id !== item.id) void move(dragged, index);
              }}
            >
              <span className="rundown-index mono">{index + 1}</span>
              <span className={`kind kind-${item.kind}`}>{item.kind === 'product' ? '▣' : '¶'}</span>
              <span className="rundown-label">{label(item)}</span>
              {item.current ? <span className="tally-chip program">{t('current')}</span> : null}
              {isNext ? <span className="tally-chip preview">{t('next')}</span> : null}
              <input
                className="script-id"
                placeholder={t('scriptId')}
                aria-label={t('scriptId')}
                defaultValue={item.scriptId ?? ''}
                onBlur={(e) => {
                  const value = e.target.value.trim() || null;
                  if (value !== item.scriptId) void updateRundownItem({ itemId: item.id, scriptId: value }).catch(fail);
                }}
              />
              <span className="spacer" />
              <button aria-label={t('moveUp')} onClick={() => void move(item, index - 1)} disabled={index === 0}>↑</button>
              <button aria-label={t('moveDown')} onClick={() => void move(item, index + 1)} disabled={index === items.length - 1}>↓</button>
              <button
                className={item.current ? 'primary' : ''}
                onClick={() =>
                  void setCurrentRundownItem(item.id)
                    .then(() => (item.productId ? pin({ productId: item.productId }) : undefined))
                    .catch((e: unknown) => {
                      // Refused for rules of the market: the reason dialog, as for a pin from the list.
                      const refusal = refusalOf(e);
                      if (refusal) askRefusalReason(refusal);
                      else fail(e);
                    })
                }
              >
                {t('setCurrent')}
              </button>
              <button onClick={() => void removeRundownItem(item.id).catch(fail)} aria-label="remove">
                ✕
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
