import path from 'node:path';
import { assertFreshBuild } from '../support/build-freshness';

/** The e2e suite drives the built host in out/: refuse to start on a missing or stale build. */
export default function globalSetup(): void {
  assertFreshBuild(path.resolve(import.meta.dirname, '../..'));
}
