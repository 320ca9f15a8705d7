import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LiveConnectionStore } from '../../src/live/connection-store';
import { FileStore } from '../../src/storage/file-store';
import {
  HUB,
  connectionEvent,
  expectedState,
  randomHistories,
  seededRandom,
  shuffle,
} from './event-fixtures';

const SECRET = 'events-secret-0123456789abcdef';

interface Child {
  readonly process: ChildProcess;
  readonly base: string;
}

async function startChild(folder: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'events-child.ts')], {
    env: { ...process.env, LIVE_FOLDER: folder, LIVE_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /PORT (\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
  return { process: child, base: `http://127.0.0.1:${port}` };
}

async function killHard(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGKILL');
  await exited;
}

/*
 * Event Grid's at-least-once contract across a crash: a process killed with SIGKILL in the middle
 * of a stream; a new one on the same folder gets every batch the first did not answer 200 to
 * (as Event Grid redelivers them); the result is what the sequence numbers say.
 */
describe('kill -9 in the middle of a stream, then redelivery', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'live-crash-'));
  const children: Child[] = [];
  afterAll(async () => {
    await Promise.all(children.map(killHard));
    rmSync(folder, { recursive: true, force: true });
  });

  it('loses nothing that was not acknowledged, and the disconnected list matches the devices', async () => {
    const random = seededRandom(9);
    const devices = Array.from({ length: 30 }, (_, i) => `drill-${i}`);
    const unique = randomHistories(random, devices, 20, 40);
    const batches: (typeof unique)[] = [];
    const shuffled = shuffle(unique, random);
    for (let i = 0; i < shuffled.length; i += 4) batches.push(shuffled.slice(i, i + 4));

    const first = await startChild(folder);
    children.push(first);
    const acknowledged = new Set<number>();
    let sent = 0;
    const post = async (child: Child, index: number): Promise<void> => {
      const response = await fetch(`${child.base}/api/events?code=${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batches[index]?.map(connectionEvent)),
      });
      if (response.status === 200) acknowledged.add(index);
    };
    // Three connections in flight; the kill lands while requests are being handled.
    const queue = batches.map((_, i) => i);
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
          if (++sent === 60) void killHard(first);
          await post(first, index).catch(() => undefined); // a connection reset is "not acknowledged"
        }
      }),
    );
    expect(acknowledged.size).toBeGreaterThan(30);
    expect(acknowledged.size).toBeLessThan(batches.length);

    const second = await startChild(folder);
    children.push(second);
    const redeliver = shuffle(
      batches.map((_, i) => i).filter((i) => !acknowledged.has(i)),
      random,
    );
    for (const index of redeliver) await post(second, index);
    expect(acknowledged.size).toBe(batches.length);
    await killHard(second);

    const states = new LiveConnectionStore(new FileStore(folder));
    const expectedDisconnected: string[] = [];
    for (const deviceId of devices) {
      const expected = expectedState(unique, deviceId);
      const { recentDisconnects: _ignored, ...state } = (await states.get(HUB, deviceId)) ?? {};
      expect(state).toEqual(expected);
      if (expected.state === 'disconnected') expectedDisconnected.push(deviceId);
    }
    const listed = (await states.listDisconnected(new Date())).map((d) => d.deviceId).sort();
    expect(listed).toEqual(expectedDisconnected.sort());
  }, 60_000);
});
