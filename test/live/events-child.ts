/**
 * A bot-like process for the crash test: the events route over a file store in `LIVE_FOLDER`,
 * on 127.0.0.1; prints "PORT <n>" when it listens. Run with `node --import tsx`.
 */
import { FileStore } from '../../src/storage/file-store';
import { memoryLogger } from '../support/memory-log';
import { startEventsServer } from './events-server';

async function main(): Promise<void> {
  const folder = process.env['LIVE_FOLDER'];
  const secret = process.env['LIVE_SECRET'];
  if (!folder || !secret) throw new Error('LIVE_FOLDER and LIVE_SECRET are required');
  const server = await startEventsServer({
    store: new FileStore(folder),
    logger: memoryLogger().logger,
    secret,
  });
  process.stdout.write(`PORT ${new URL(server.base).port}\n`);
}

void main();
