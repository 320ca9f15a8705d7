import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { localSecretFile, readLocalSecret } from '../../../src/alerts/local-webhook-secret';
import { freePort } from '../../support/azurite';
import { ProcessGroup } from './process-group';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where the suite writes screenshots and process logs (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

/** The bot and the Agents Playground, running as separate programs the way `npm start` runs them. */
export interface RunningStack {
  readonly botUrl: string;
  readonly playgroundUrl: string;
  /**
   * The secret of the bot's alert webhook (POST /api/alerts): the one it generated at its first
   * start in development, as under `npm start` (nothing is set for it).
   */
  readonly alertSecret: string;
  /** The watch grace period the bot runs with (WATCH_GRACE_SECONDS): short, so a drop is news in seconds. */
  readonly watchGraceInMs: number;
  /** POST `body` to the bot's alert webhook with the secret, as an Azure Monitor action group does. */
  postAlert(body: unknown): Promise<HttpAnswer>;
  /** POST `body` to the bot's Event Grid intake (POST /api/events) with its shared key. */
  postEvents(body: unknown): Promise<HttpAnswer>;
  /**
   * Run the CLI (`iot-triage <args>`, src/cli/main.ts through tsx) against this bot: its URL and
   * state folder are appended as `--url` and `--state`. Resolves with what it printed; rejects on
   * a non-zero exit, with its output.
   */
  runCli(args: readonly string[]): Promise<string>;
  /** Recent output of both programs, to put in a failure message. */
  describeOutput(): string;
  stop(): Promise<void>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** A drop is news after this long in the e2e run (WATCH_GRACE_SECONDS); 2 min by default. */
const WATCH_GRACE_SECONDS = 5;

/** Poll `url` until it answers 2xx with `expectedBody` in it, or fail naming what did not come up. */
async function waitUntilServing(
  url: string,
  what: string,
  expectedBody: string,
  timeoutInMs: number,
  processes: ProcessGroup,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    let last: string;
    const gone = exited();
    if (gone) throw new Error(`${gone} before ${what} answered at ${url}.\n${processes.describeOutput()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.ok && body.includes(expectedBody)) return;
      last = `HTTP ${res.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not come up at ${url} within ${timeoutInMs / 1000} s (last: ${last}).\n${processes.describeOutput()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Start the real bot (`src/index.ts` through tsx, so it is the code in the tree, not a stale
 * build) on the embedded demo data in a fresh temporary folder, and the Microsoft 365 Agents
 * Playground pointed at it, on free ports. Resolves once `/readyz` and `/_debug/ping` answer.
 */
export async function startStack(): Promise<RunningStack> {
  // Screenshots from an earlier run would pass for this run's.
  fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iot-triage-e2e-'));
  const [botPort, playgroundPort] = [await freePort(), await freePort()];
  const botUrl = `http://127.0.0.1:${botPort}`;
  const playgroundUrl = `http://127.0.0.1:${playgroundPort}`;
  const eventsSecret = randomBytes(24).toString('hex');
  const stateDir = path.join(dataDir, 'state');
  const processes = new ProcessGroup();

  // Only what a developer's shell would pass, minus Azure settings: the bot must pick the
  // embedded backend even when the machine running the suite has Azure variables set.
  const baseEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] ?? dataDir };
  const bot = processes.start(
    'bot',
    process.execPath,
    ['--disable-warning=DEP0111', '--import', 'tsx', path.join('src', 'index.ts')],
    {
      cwd: REPO_ROOT,
      logFile: path.join(ARTIFACTS_DIR, 'bot.log'),
      env: {
        ...baseEnv,
        NODE_ENV: 'development',
        PORT: String(botPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DEMO_DATA_DIR: path.join(dataDir, 'demo'),
        // A store of its own: the checkout's ./.data would carry a language choice, a welcome
        // flag or subscriptions over from an earlier run.
        STORAGE_PATH: stateDir,
        // No ALERT_WEBHOOK_SECRET: in development the bot generates one in its state folder, where
        // `iot-triage alert --demo --state` finds it, as a newcomer's first try does.
        EVENTS_WEBHOOK_SECRET: eventsSecret,
        WATCH_GRACE_SECONDS: String(WATCH_GRACE_SECONDS),
      },
    },
  );
  const playground = processes.start(
    'playground',
    path.join(REPO_ROOT, 'node_modules', '.bin', 'agentsplayground'),
    ['-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort), '--disable-telemetry'],
    {
      cwd: dataDir,
      logFile: path.join(ARTIFACTS_DIR, 'playground.log'),
      // Without BROWSER=none it tries xdg-open, fails, and exits 1 without a word.
      env: { ...baseEnv, TEAMSAPPTESTER_BROWSER: 'none' },
    },
  );

  const exited = () => {
    for (const p of [bot, playground]) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        return `The ${p.name} exited (${p.child.signalCode ?? `code ${p.child.exitCode}`})`;
      }
    }
    return undefined;
  };
  const stop = async () => {
    await processes.stopAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // The first start generates the demo data set, which takes a while on a busy 2-core machine.
    await waitUntilServing(`${botUrl}/readyz`, 'The bot', 'ready', 180_000, processes, exited);
    await waitUntilServing(
      `${playgroundUrl}/_debug/ping`,
      'The Agents Playground',
      'pong',
      60_000,
      processes,
      exited,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const alertSecret = await readLocalSecret(localSecretFile(stateDir));
  if (!alertSecret) {
    await stop();
    throw new Error(
      `The bot generated no alert secret in ${stateDir} (development, no ALERT_WEBHOOK_SECRET).\n${processes.describeOutput()}`,
    );
  }
  const post = async (route: string, headers: Record<string, string>, body: unknown) => {
    const res = await fetch(`${botUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const runCli = async (args: readonly string[]): Promise<string> => {
    const cli = ['--disable-warning=DEP0111', '--import', 'tsx', path.join('src', 'cli', 'main.ts')];
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [...cli, ...args, '--url', botUrl, '--state', stateDir],
        { cwd: REPO_ROOT, env: baseEnv, timeout: 60_000 },
      );
      return `${stdout}${stderr}`;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message?: string };
      throw new Error(
        `iot-triage ${args.join(' ')} failed: ${failed.message ?? String(error)}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`,
        { cause: error },
      );
    }
  };
  return {
    botUrl,
    playgroundUrl,
    alertSecret,
    watchGraceInMs: WATCH_GRACE_SECONDS * 1000,
    postAlert: (body) => post('/api/alerts', { 'x-alert-secret': alertSecret }, body),
    postEvents: (body) => post('/api/events', { 'x-events-secret': eventsSecret }, body),
    runCli,
    describeOutput: () => processes.describeOutput(),
    stop,
  };
}
