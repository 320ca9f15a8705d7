import path from 'node:path';
import { folderState, type FolderState } from './checkout-guard';

/** Jest global setup: what ./.data and .cache hold before any test runs. */
export default function recordCheckoutState(): void {
  (globalThis as { checkoutStateBefore?: FolderState }).checkoutStateBefore = folderState(
    path.resolve(__dirname, '..', '..'),
  );
}
