import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** One long-running program the suite started, with its output kept for failure messages. */
export interface StartedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (also written to `logFile`). */
  output(): string;
  readonly logFile: string;
}

const TAIL_CHARS = 4000;

/**
 * The programs one suite started (bot, Agents Playground), each in its own process group so that
 * stopping it also stops whatever it spawned (tsx starts a second node; npx-style bins do too).
 *
 * Cleanup happens on every path out: `stopAll()` from afterAll on success and failure alike; and,
 * when the test runner dies before that (Ctrl-C, crash, SIGKILL, CI timeout), the reaper
 * (reaper.cjs, a separate process holding a pipe from this one) stops every group it was told
 * about as soon as the pipe closes.
 */
export class ProcessGroup {
  private readonly started: StartedProcess[] = [];
  private readonly reaper: ChildProcess;

  constructor() {
    this.reaper = spawn(process.execPath, [path.join(__dirname, 'reaper.cjs')], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    this.reaper.unref();
  }

  start(
    name: string,
    command: string,
    args: readonly string[],
    options: { readonly env: NodeJS.ProcessEnv; readonly cwd: string; readonly logFile: string },
  ): StartedProcess {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a negative pid then signals the program and all its children.
      detached: true,
    });
    const log = fs.createWriteStream(options.logFile);
    let output = '';
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS * 4);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => log.end());
    child.once('error', (error) => keep(Buffer.from(`\n[${name}] failed to start: ${error.message}\n`)));
    const started: StartedProcess = {
      name,
      child,
      logFile: options.logFile,
      output: () => output,
    };
    this.started.push(started);
    if (child.pid !== undefined) this.reaper.stdin?.write(`${child.pid}\n`);
    return started;
  }

  /** The last lines each program printed, for a failure message. */
  describeOutput(): string {
    return this.started
      .map((p) => `--- ${p.name} (${p.logFile}) ---\n${p.output().slice(-TAIL_CHARS).trimEnd()}`)
      .join('\n');
  }

  /** SIGTERM every group, SIGKILL what is still there after `graceInMs`, wait for every exit. */
  async stopAll(graceInMs = 5000): Promise<void> {
    const alive = this.started.filter((p) => isRunning(p.child));
    await Promise.all(
      alive.map(async (p) => {
        const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
        signalGroup(p.child, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(p.child, 'SIGKILL'), graceInMs);
        await exited;
        clearTimeout(timer);
        // The leader is gone; make sure nothing it spawned outlives it.
        signalGroup(p.child, 'SIGKILL');
      }),
    );
    this.reaper.stdin?.end('done\n');
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group has already exited.
  }
}
