import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './stack';

/**
 * The README's pictures are screenshots this suite takes. `E2E_UPDATE_DOCS=1 npm run test:e2e`
 * copies them into docs/ so they are refreshed from a real run, never edited by hand; a normal run
 * (CI) leaves docs/ alone.
 */
export function publishToDocs(screenshot: string, docsName: string): void {
  if (process.env['E2E_UPDATE_DOCS'] !== '1') return;
  const target = path.join(REPO_ROOT, 'docs', docsName);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.resolve(process.cwd(), screenshot), target);
}
