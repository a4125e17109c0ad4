import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { HostError } from '../../../shared/contract';
import type { Rundown, RundownItem } from '../../../shared/contract/rundown';
import type { EventBus } from '../../bus';

interface ItemRow {
  id: string;
  session_id: string | null;
  position: number;
  kind: 'product' | 'segment';
  product_id: string | null;
  sku: string | null;
  title: string;
  script_id: string | null;
  notes: string;
  duration_s: number | null;
  is_current: number;
}

/**
 * Tells every window that a rundown changed. Only a change of the current item names its product
 * (`withCurrentProduct`), so the live card follows the item the host went to, not every edit.
 */
export function publishRundownChanged(bus: EventBus, rundown: Rundown, withCurrentProduct = false): void {
  const current = withCurrentProduct ? rundown.items.find((i) => i.id === rundown.currentId) : undefined;
  bus.publish('rundown.changed', {
    sessionId: rundown.sessionId,
    currentId: rundown.currentId,
    ...(current?.productId ? { productId: current.productId } : {}),
  });
}

/**
 * The run of show: an ordered list of products and segments per session (session null = the rundown
 * being prepared before a session exists). Positions are kept dense (0..n-1) so a move is one renumbering.
 */
export class RundownStore {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly itemsOf: Statement;
  private readonly sessionOf: Statement;
  private readonly shiftDown: Statement;
  private readonly insertItem: Statement;
  private readonly updateItem: Statement;
  private readonly deleteItem: Statement;
  private readonly shiftUp: Statement;
  private readonly setPosition: Statement;
  private readonly clearCurrent: Statement;
  private readonly markCurrent: Statement;

  constructor(private readonly db: Database) {
    this.itemsOf = db.prepare(
      `SELECT r.*, p.sku FROM rundown_items r LEFT JOIN products p ON p.id = r.product_id
       WHERE r.session_id IS ? ORDER BY r.position`,
    );
    this.sessionOf = db.prepare('SELECT session_id FROM rundown_items WHERE id = ?');
    this.shiftDown = db.prepare('UPDATE rundown_items SET position = position + 1 WHERE session_id IS ? AND position >= ?');
    this.insertItem = db.prepare(
      `INSERT INTO rundown_items (id, session_id, position, kind, product_id, title, script_id, notes, duration_s)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateItem = db.prepare('UPDATE rundown_items SET title = ?, script_id = ?, notes = ?, duration_s = ? WHERE id = ?');
    this.deleteItem = db.prepare('DELETE FROM rundown_items WHERE id = ?');
    this.shiftUp = db.prepare('UPDATE rundown_items SET position = position - 1 WHERE session_id IS ? AND position > ?');
    this.setPosition = db.prepare('UPDATE rundown_items SET position = ? WHERE id = ?');
    this.clearCurrent = db.prepare('UPDATE rundown_items SET is_current = 0 WHERE session_id IS ?');
    this.markCurrent = db.prepare('UPDATE rundown_items SET is_current = 1 WHERE id = ?');
  }

  get(sessionId: string | null): Rundown {
    const rows = this.itemsOf.all(sessionId) as ItemRow[];
    const items: RundownItem[] = rows.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      position: r.position,
      kind: r.kind,
      productId: r.product_id,
      sku: r.sku,
      title: r.title,
      scriptId: r.script_id,
      notes: r.notes,
      durationS: r.duration_s,
      current: r.is_current === 1,
    }));
    const currentIndex = items.findIndex((i) => i.current);
    const next = items.slice(currentIndex + 1).find((i) => i.kind === 'product' && i.productId !== null);
    return { sessionId, items, currentId: currentIndex >= 0 ? items[currentIndex]!.id : null, nextProductId: next?.productId ?? null };
  }

  item(itemId: string): RundownItem {
    const row = this.sessionOf.get(itemId) as { session_id: string | null } | undefined;
    if (!row) throw new HostError('rundown.item_not_found', { id: itemId });
    return this.get(row.session_id).items.find((i) => i.id === itemId)!;
  }

  add(item: {
    sessionId: string | null;
    kind: 'product' | 'segment';
    productId: string | null;
    title: string;
    scriptId: string | null;
    notes: string;
    durationS: number | null;
    position?: number;
  }): Rundown {
    return this.db.transaction(() => {
      const count = this.get(item.sessionId).items.length;
      const position = Math.min(item.position ?? count, count);
      this.shiftDown.run(item.sessionId, position);
      this.insertItem.run(randomUUID(), item.sessionId, position, item.kind, item.productId, item.title, item.scriptId, item.notes, item.durationS);
      return this.get(item.sessionId);
    })();
  }

  update(itemId: string, patch: { title?: string; scriptId?: string | null; notes?: string; durationS?: number | null }): Rundown {
    const item = this.item(itemId);
    this.updateItem.run(
      patch.title ?? item.title,
        patch.scriptId !== undefined ? patch.scriptId : item.scriptId,
        patch.notes ?? item.notes,
        patch.durationS !== undefined ? patch.durationS : item.durationS,
        itemId,
      );
    return this.get(item.sessionId);
  }

  remove(itemId: string): Rundown {
    const item = this.item(itemId);
    return this.db.transaction(() => {
      this.deleteItem.run(itemId);
      this.shiftUp.run(item.sessionId, item.position);
      return this.get(item.sessionId);
    })();
  }

  move(itemId: string, toIndex: number): Rundown {
    const item = this.item(itemId);
    return this.db.transaction(() => {
      const ids = this.get(item.sessionId).items.map((i) => i.id).filter((id) => id !== itemId);
      ids.splice(Math.min(toIndex, ids.length), 0, itemId);
      ids.forEach((id, index) => this.setPosition.run(index, id));
      return this.get(item.sessionId);
    })();
  }

  setCurrent(sessionId: string | null, itemId: string | null): Rundown {
    if (itemId !== null && this.item(itemId).sessionId !== sessionId) {
      throw new HostError('rundown.item_elsewhere');
    }
    return this.db.transaction(() => {
      this.clearCurrent.run(sessionId);
      if (itemId !== null) this.markCurrent.run(itemId);
      return this.get(sessionId);
    })();
  }
}
