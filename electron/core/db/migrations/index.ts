import { baseMigration } from './001_base';
import { catalogMigration } from './002_catalog';
import { sessionLogMigration } from './003_sessionlog';
import { prompterMigration } from './004_prompter';
import { commerceMigration } from './005_commerce';
import { dealCodesMigration } from './006_deal_codes';
import { platformMigration } from './007_platform';
import { audienceMigration } from './008_audience';
import { fleetMigration } from './009_fleet';
import { marketPricesMigration } from './010_market_prices';
import { scriptVersionsMigration } from './011_script_versions';
import { fleetAggregatesMigration } from './012_fleet_aggregates';
import type { Migration } from './types';

/** Every migration in order. Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [
  baseMigration,
  catalogMigration,
  sessionLogMigration,
  prompterMigration,
  commerceMigration,
  dealCodesMigration,
  platformMigration,
  audienceMigration,
  fleetMigration,
  marketPricesMigration,
  scriptVersionsMigration,
  fleetAggregatesMigration,
];

export type { Migration } from './types';
