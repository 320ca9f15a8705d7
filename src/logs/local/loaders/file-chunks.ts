/**
 * A log file as a stream of byte chunks, gunzipped when it is gzip (`PT1H.json.gz`, a `.csv.gz`
 * someone compressed to mail it): the readers never see the compression and never hold the file.
 *
 * Progress is measured on the file as stored (compressed bytes), because that is the size the
 * user knows and the total the progress line divides by.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** 1 MiB reads: large enough that per-chunk work (decoding, batching, progress) is negligible. */
export const CHUNK_BYTES = 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b] as const;

export interface FileChunks {
  readonly chunks: AsyncIterable<Buffer>;
  /** Bytes of the stored file read so far (compressed bytes for a gzip file). */
  readonly bytesRead: () => number;
  readonly gzip: boolean;
}

/** True when the file starts with the gzip magic bytes, whatever its name. */
export async function isGzipFile(filePath: string): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

export async function openFileChunks(filePath: string): Promise<FileChunks> {
  const gzip = await isGzipFile(filePath);
  const file = createReadStream(filePath, { highWaterMark: CHUNK_BYTES });
  const bytesRead = (): number => file.bytesRead;
  if (!gzip) return { chunks: file, bytesRead, gzip };
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  // pipe() does not forward a read error to the gunzip stream; without this a vanished file hangs the load.
  file.on('error', (error) => gunzip.destroy(error));
  return { chunks: file.pipe(gunzip), bytesRead, gzip };
}

/** The first `bytes` of the file's content (decompressed for gzip), for sniffing its format. */
export async function peekFileText(filePath: string, bytes: number): Promise<string> {
  const { chunks } = await openFileChunks(filePath);
  const parts: Buffer[] = [];
  let length = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    while (length < bytes) {
      const next = await iterator.next();
      if (next.done) break;
      parts.push(next.value);
      length += next.value.length;
    }
  } finally {
    await iterator.return?.();
  }
  return stripBom(Buffer.concat(parts).subarray(0, bytes).toString('utf8'));
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
