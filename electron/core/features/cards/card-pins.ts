import type { Database, Statement } from 'better-sqlite3';

export type PinOutput = 'overlay' | 'obs-native';
export const pinOutputs: readonly PinOutput[] = ['overlay', 'obs-native'];

export interface Pin {
  output: PinOutput;
  productId: string;
  market: string;
  pinnedAt: number;
}

/** One pinned card per output, kept in SQLite so a restarted host shows the same card again. */
export class CardPins {
  // Prepared once per connection (preparing compiles the SQL: it cost more than running it).
  private readonly allRows: Statement;
  private readonly upsert: Statement;
  private readonly deleteRow: Statement;

  constructor(db: Database) {
    this.allRows = db.prepare('SELECT output, product_id, market, pinned_at FROM card_pins ORDER BY output');
    this.upsert = db.prepare('INSERT OR REPLACE INTO card_pins (output, product_id, market, pinned_at) VALUES (?, ?, ?, ?)');
    this.deleteRow = db.prepare('DELETE FROM card_pins WHERE output = ?');
  }

  all(): Pin[] {
    return (
      this.allRows.all() as {
        output: PinOutput;
        product_id: string;
        market: string;
        pinned_at: number;
      }[]
    ).map((r) => ({ output: r.output, productId: r.product_id, market: r.market, pinnedAt: r.pinned_at }));
  }

  get(output: PinOutput): Pin | null {
    return this.all().find((p) => p.output === output) ?? null;
  }

  pin(pin: Pin): void {
    this.upsert.run(pin.output, pin.productId, pin.market, pin.pinnedAt);
  }

  unpin(output: PinOutput): Pin | null {
    const pin = this.get(output);
    if (pin) this.deleteRow.run(output);
    return pin;
  }
}
