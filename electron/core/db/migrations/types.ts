import type { Database } from 'better-sqlite3';

/** A numbered, forward-only schema change. Versions are consecutive from 1. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
