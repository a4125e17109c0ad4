import type { Migration } from './types';

// Owned by the commerce feature: its tables go here.
export const commerceMigration: Migration = {
  version: 5,
  name: 'commerce',
  up() {},
};
