#!/usr/bin/env node
// `npm start`: the bot on the embedded default plus the Microsoft 365 Agents Playground, a local
// Teams-like client pointed at it. For people, not production (`npm run serve` runs the bot alone).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const botPort = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const botUrl = `http://localhost:${botPort}`;
const playgroundUrl = `http://localhost:${playgroundPort}`;

const children = [];

function start(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => process.stdout.write(prefix(name, chunk)));
  child.stderr.on('data', (chunk) => process.stderr.write(prefix(name, chunk)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[${name}] exited (${signal ?? code}); stopping.\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function prefix(name, chunk) {
  return chunk
    .toString()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => `[${name}] ${line}\n`)
    .join('');
}

async function waitFor(url, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000} s`);
}

let stopping = false;
function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  let alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (alive.length === 0) process.exit(exitCode);
  for (const child of alive) child.kill('SIGTERM');
  const force = setTimeout(() => alive.forEach((c) => c.kill('SIGKILL')), 8000);
  for (const child of alive) {
    child.on('exit', () => {
      alive = alive.filter((c) => c !== child);
      if (alive.length === 0) {
        clearTimeout(force);
        process.exit(exitCode);
      }
    });
  }
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('bot', process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
  PORT: String(botPort),
});
start(
  'playground',
  path.join(root, 'node_modules', '.bin', 'agentsplayground'),
  ['-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort), '--disable-telemetry'],
  { TEAMSAPPTESTER_BROWSER: 'none' },
);

try {
  await waitFor(`${botUrl}/readyz`, 'The bot', 90_000);
  await waitFor(`${playgroundUrl}/_debug/ping`, 'The Agents Playground', 60_000);
  process.stdout.write(
    `\n  ➜  Open ${playgroundUrl} in your browser to chat with the bot (Ctrl-C stops both).\n\n`,
  );
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  stop(1);
}
