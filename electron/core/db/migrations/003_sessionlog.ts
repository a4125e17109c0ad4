import type { Migration } from './types';

// Owned by the sessionlog feature: its tables go here.
export const sessionLogMigration: Migration = {
  version: 3,
  name: 'sessionlog',
  up() {},
};
