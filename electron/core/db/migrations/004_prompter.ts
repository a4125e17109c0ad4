import type { Migration } from './types';

// Owned by the prompter feature: its tables go here.
export const prompterMigration: Migration = {
  version: 4,
  name: 'prompter',
  up() {},
};
