import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * Tests never read or write the checkout's own state: ./.data (the file store's default) and
 * .cache (the demo data set's). A test that falls back to those defaults sees whatever trying
 * the bot locally left there, and leaves its own records for the next run. The jest global setup
 * records both folders; the global teardown fails the run if a test created, changed or removed
 * anything in them. (It cannot see a read; test/support/temp-dir.ts is what prevents those.)
 */

/** The checkout folders no test may touch, relative to the repository root. */
export const GUARDED_FOLDERS = ['.data', '.cache'];

/** Path (relative to the root) → size and modification time; folders too, so a new empty one counts. */
export type FolderState = ReadonlyMap<string, string>;

/** Stop listing past this many entries: a huge demo cache is still compared by its first part. */
const MAX_ENTRIES = 20_000;

export function folderState(root: string, folders: readonly string[] = GUARDED_FOLDERS): FolderState {
  const state = new Map<string, string>();
  const visit = (relative: string): void => {
    if (state.size >= MAX_ENTRIES) return;
    let stats;
    try {
      stats = statSync(path.join(root, relative));
    } catch {
      return; // absent: nothing recorded, so creating it is a change
    }
    state.set(relative, stats.isDirectory() ? `dir ${stats.mtimeMs}` : `${stats.size} ${stats.mtimeMs}`);
    if (!stats.isDirectory()) return;
    for (const name of readdirSync(path.join(root, relative)).sort()) visit(path.join(relative, name));
  };
  folders.forEach(visit);
  return state;
}

/** What differs between two states, one line per path ("created", "changed", "removed"). */
export function changesBetween(before: FolderState, after: FolderState): string[] {
  const changes: string[] = [];
  for (const [name, now] of after) {
    const then = before.get(name);
    if (then === undefined) changes.push(`created ${name}`);
    else if (then !== now) changes.push(`changed ${name}`);
  }
  for (const name of before.keys()) if (!after.has(name)) changes.push(`removed ${name}`);
  return changes;
}

/** The message the teardown fails with. */
export function guardFailure(changes: readonly string[]): string {
  const shown = changes.slice(0, 20).map((c) => `  - ${c}`);
  const more = changes.length > shown.length ? [`  … and ${changes.length - shown.length} more`] : [];
  return [
    `The test run touched the checkout's ${GUARDED_FOLDERS.join(' / ')} (tests must use test/support/temp-dir.ts):`,
    ...shown,
    ...more,
    'If the bot was running from this checkout at the same time, stop it and run the tests again.',
  ].join('\n');
}
