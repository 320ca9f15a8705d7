/**
 * Where the embedded engine's rows come from: the user's files (`LOCAL_LOGS_PATH`, `--logs`) or,
 * when none are given, the demo data set.
 *
 * The demo is generated on first start into a cache folder, in the diagnostic-settings archive
 * form so that the loaders run on every demo start, and it ends at the current minute: a demo whose
 * events are days old would answer "no data" to "what happened in the last 24 hours?", and one that
 * ends at the hour leaves up to an hour of "right now" empty (what's broken counts the devices with
 * an error in the last hour: at 10:50 that hour would hold ten minutes of data). The cache records
 * the end it was made for and is regenerated when that is no longer the current minute (the default
 * demo takes about a second to generate).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSimulation } from '../simulate/write-simulation';
import { LocalLogsEngine } from './engine';
import { loadLogFiles, type LoadProgress, type LoadSummary } from './loaders/load-log-files';

/** Default demo size: loads in about a second, big enough that fleet findings have a fleet. */
export const DEFAULT_DEMO = { seed: 20260302, devices: 300, days: 3 } as const;

const MANIFEST_FILE = 'demo.json';
const ARCHIVE_FOLDER = 'archive';
/** Bumped when the simulator's output changes shape, so old caches are not reused. */
const DEMO_FORMAT_VERSION = 1;

export interface DemoSettings {
  readonly seed: number;
  readonly devices: number;
  readonly days: number;
}

export interface LoadLocalLogsOptions {
  /** Files or folders to load; none → the demo data set. */
  readonly paths?: readonly string[];
  readonly demoCacheDir: string;
  readonly clock: () => Date;
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Called before the demo is (re)generated, so a UI can say why start-up takes a moment. */
  readonly onGenerateDemo?: (end: Date) => void;
  readonly demo?: DemoSettings;
}

export interface LocalLogsSummary {
  readonly source: 'files' | 'demo';
  readonly load: LoadSummary;
  /** For the demo: the end of its window and whether it was generated just now. */
  readonly demo?: { readonly end: Date; readonly generated: boolean; readonly folder: string };
}

interface DemoManifest extends DemoSettings {
  readonly version: number;
  readonly end: string;
  readonly rows: number;
}

/** @throws LogPathNotFoundError when a given path does not exist. */
export async function loadLocalLogs(
  options: LoadLocalLogsOptions,
): Promise<{ engine: LocalLogsEngine; summary: LocalLogsSummary }> {
  const engine = new LocalLogsEngine({ clock: options.clock });
  const loadOptions = options.onProgress ? { onProgress: options.onProgress } : {};
  if (options.paths && options.paths.length > 0) {
    const load = await loadLogFiles(options.paths, engine, loadOptions);
    engine.finishLoading();
    return { engine, summary: { source: 'files', load } };
  }
  const demo = await ensureDemoData(options);
  const load = await loadLogFiles([demo.folder], engine, loadOptions);
  engine.finishLoading();
  return { engine, summary: { source: 'demo', load, demo } };
}

/** The demo window ends at the start of the current minute (never in the future). */
export function demoEndFor(now: Date): Date {
  const end = new Date(now.getTime());
  end.setUTCSeconds(0, 0);
  return end;
}

async function ensureDemoData(
  options: LoadLocalLogsOptions,
): Promise<{ end: Date; generated: boolean; folder: string }> {
  const settings = options.demo ?? DEFAULT_DEMO;
  const end = demoEndFor(options.clock());
  const folder = path.join(options.demoCacheDir, ARCHIVE_FOLDER);
  const manifest = await readManifest(options.demoCacheDir);
  if (
    manifest &&
    manifest.version === DEMO_FORMAT_VERSION &&
    manifest.end === end.toISOString() &&
    manifest.seed === settings.seed &&
    manifest.devices === settings.devices &&
    manifest.days === settings.days
  ) {
    return { end, generated: false, folder };
  }
  options.onGenerateDemo?.(end);
  await mkdir(options.demoCacheDir, { recursive: true });
  // Generate beside the old copy and swap, so an interrupted run never leaves a half-written demo in use.
  const fresh = `${folder}.new`;
  await rm(fresh, { recursive: true, force: true });
  const written = await writeSimulation({ ...settings, end, outDir: fresh, format: 'archive' });
  await rm(folder, { recursive: true, force: true });
  await rename(fresh, folder);
  const newManifest: DemoManifest = {
    version: DEMO_FORMAT_VERSION,
    ...settings,
    end: end.toISOString(),
    rows: written.rows,
  };
  await writeFile(
    path.join(options.demoCacheDir, MANIFEST_FILE),
    `${JSON.stringify(newManifest, null, 2)}\n`,
  );
  return { end, generated: true, folder };
}

async function readManifest(cacheDir: string): Promise<DemoManifest | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(cacheDir, MANIFEST_FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as DemoManifest) : undefined;
  } catch {
    return undefined; // absent or unreadable: regenerate
  }
}
