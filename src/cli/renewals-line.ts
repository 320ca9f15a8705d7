import type { TokenRenewals } from '../diagnosis';

/**
 * The line under the hub-errors and top-disconnects tables: the token renewals of the whole window
 * and scope, which neither table counts (a renewal's 401003 and 404104 are expected behaviour).
 */
export function renewalsLine(renewals: TokenRenewals, apartFrom: 'errors' | 'disconnects'): string {
  const { cycles, devices } = renewals;
  return `Token renewals (expected): ${cycles} on ${devices} device${devices === 1 ? '' : 's'}, counted apart, not as ${apartFrom}.`;
}
