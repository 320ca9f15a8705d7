import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A real Azurite blob service on 127.0.0.1, in memory, started for one test file. */
export interface RunningAzurite {
  readonly connectionString: string;
  stop(): Promise<void>;
}

const ACCOUNT = 'devstoreaccount1';
// Azurite's published well-known development key (not a secret).
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Azurite did not listen on ${port} within ${timeoutInMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startAzurite(): Promise<RunningAzurite> {
  const port = await freePort();
  const main = path.resolve(
    __dirname,
    '..',
    '..',
    'node_modules',
    'azurite',
    'dist',
    'src',
    'blob',
    'main.js',
  );
  const child = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitForPort(port, child, 20_000);
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
