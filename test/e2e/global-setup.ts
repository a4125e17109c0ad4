import path from 'node:path';
import { assertFreshBuild, buildCheckedVariable } from '../support/build-freshness';

/**
 * The e2e suite drives the built host in out/: refuse to start on a missing or stale build. Checked once
 * for the run (workers inherit the variable), so editing sources while it runs does not fail later tests.
 */
export default function globalSetup(): void {
  assertFreshBuild(path.resolve(import.meta.dirname, '../..'));
  process.env[buildCheckedVariable] = '1';
}
