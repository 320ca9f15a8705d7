import path from 'node:path';
import { changesBetween, folderState, guardFailure, type FolderState } from './checkout-guard';

/** Jest global teardown: fail the run if a test created, changed or removed anything in ./.data or .cache. */
export default function checkCheckoutState(): void {
  const before = (globalThis as { checkoutStateBefore?: FolderState }).checkoutStateBefore;
  if (!before) throw new Error('checkout guard: the global setup did not run');
  const changes = changesBetween(before, folderState(path.resolve(__dirname, '..', '..')));
  if (changes.length > 0) throw new Error(guardFailure(changes));
}
