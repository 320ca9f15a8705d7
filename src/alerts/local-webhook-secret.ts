import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The file, in the state folder, that keeps the generated development secret. Its name has a dot,
 * which the file store never writes (it encodes '.'), so it cannot clash with a stored key.
 */
export const LOCAL_SECRET_FILE_NAME = 'alert-webhook-secret.txt';

/** Where the development secret of the state folder `folder` is kept. */
export function localSecretFile(folder: string): string {
  return path.join(folder, LOCAL_SECRET_FILE_NAME);
}

/** The generated secret, and whether this start made it (the start-up log says so once). */
export interface LocalWebhookSecret {
  readonly secret: string;
  readonly file: string;
  readonly created: boolean;
}

/**
 * The development webhook secret kept in the state folder `folder`: read when a previous start wrote it, else
 * generated (24 random bytes, hex, like `openssl rand -hex 24`) and written create-only, readable
 * by the owner alone. Two processes starting at once end up with the same secret: the loser of
 * the create reads the winner's.
 */
export async function loadOrCreateLocalSecret(folder: string): Promise<LocalWebhookSecret> {
  const file = localSecretFile(folder);
  const existing = await readLocalSecret(file);
  if (existing) return { secret: existing, file, created: false };
  const secret = randomBytes(24).toString('hex');
  await fs.mkdir(folder, { recursive: true });
  try {
    await fs.writeFile(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return { secret, file, created: true };
  } catch (error) {
    if (isCode(error, 'EEXIST')) {
      const winner = await readLocalSecret(file);
      if (winner) return { secret: winner, file, created: false };
    }
    throw error;
  }
}

/** The secret in `file`, or undefined when there is none (never started, or emptied). */
export async function readLocalSecret(file: string): Promise<string | undefined> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    return text.length > 0 ? text : undefined;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

// Not `instanceof Error`: fs errors may come from another realm (jest's sandbox among them).
function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
