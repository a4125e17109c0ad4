import type { Migration } from './types';

/**
 * Prices as viewers must see them (contract/catalog.ts): a product's net quantity for unit prices, and per
 * market its own VAT rate (a reduced rate) and the estimated delivery time in days. Columns are added, so
 * every existing product and price stays as it was (the new fields empty).
 *
 * Until now a card showed the amount as entered whatever its tax flag said; from now on a net price is shown
 * with VAT added where the market shows gross prices. So that no card jumps by the VAT on upgrade, existing
 * prices in those markets are marked as entered with VAT, which is what viewers were shown (the host can
 * switch a price to net in the product editor).
 */
export const marketPricesMigration: Migration = {
  version: 10,
  name: 'catalog: net quantity, VAT rate and delivery days',
  up(db) {
    db.exec(`
      ALTER TABLE products ADD COLUMN net_quantity REAL CHECK (net_quantity IS NULL OR net_quantity > 0);
      ALTER TABLE products ADD COLUMN net_unit TEXT CHECK (net_unit IS NULL OR net_unit IN ('g', 'kg', 'ml', 'l', 'piece'));
      ALTER TABLE product_prices ADD COLUMN vat_rate REAL CHECK (vat_rate IS NULL OR (vat_rate >= 0 AND vat_rate <= 30));
      ALTER TABLE product_prices ADD COLUMN delivery_min INTEGER CHECK (delivery_min IS NULL OR delivery_min >= 0);
      ALTER TABLE product_prices ADD COLUMN delivery_max INTEGER CHECK (delivery_max IS NULL OR delivery_max >= delivery_min);
      UPDATE product_prices SET tax_inclusive = 1 WHERE tax_inclusive = 0 AND market IN ('GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'CN', 'MX');
    `);
  },
};
