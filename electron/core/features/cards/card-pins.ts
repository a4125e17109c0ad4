import type { Database } from 'better-sqlite3';

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
  constructor(private readonly db: Database) {}

  all(): Pin[] {
    return (
      this.db.prepare('SELECT output, product_id, market, pinned_at FROM card_pins ORDER BY output').all() as {
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
    this.db
      .prepare('INSERT OR REPLACE INTO card_pins (output, product_id, market, pinned_at) VALUES (?, ?, ?, ?)')
      .run(pin.output, pin.productId, pin.market, pin.pinnedAt);
  }

  unpin(output: PinOutput): Pin | null {
    const pin = this.get(output);
    if (pin) this.db.prepare('DELETE FROM card_pins WHERE output = ?').run(output);
    return pin;
  }
}
