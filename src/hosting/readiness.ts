/** The /readyz checks of the bot's own dependencies: the logs, their circuit, the store. */
import type { KeyValueStore } from '../storage/store';
import type { LogsSource } from './logs-source';
import type { ReadinessCheck } from './server';

/** Ready once the logs are loaded (or, when they load on demand, before the first question). */
export function logsReadiness(logs: LogsSource): ReadinessCheck {
  return {
    name: 'logs',
    check: async () => {
      const state = logs.state;
      if (state.kind === 'loaded') return { ok: true, detail: state.detail };
      if (state.kind === 'not-started') return { ok: true, detail: 'loads on the first question' };
      if (state.kind === 'loading') return { ok: false, detail: 'loading' };
      return { ok: false, detail: `load failed: ${state.message}` };
    },
  };
}

/**
 * Not ready while the logs circuit is open (Log Analytics unreachable several times in a row).
 * Says which kind of failure and when, not its text: /readyz is unauthenticated.
 */
export function circuitReadiness(logs: LogsSource): ReadinessCheck {
  return {
    name: 'logs-circuit',
    check: async () => {
      const current = logs.health();
      if (!current) return { ok: true, detail: 'logs not opened yet' };
      const last = current.lastError
        ? `; last failure: ${current.lastError.kind} at ${current.lastError.at.toISOString()}`
        : '';
      return { ok: current.state !== 'open', detail: `${current.state}${last}` };
    },
  };
}

/** The store answers (alerts cannot be accepted without it). */
export function storageReadiness(store: KeyValueStore): ReadinessCheck {
  return {
    name: 'storage',
    check: async () => {
      try {
        await store.read(['readiness/probe']);
        return { ok: true };
      } catch {
        return { ok: false, detail: 'the store does not answer' };
      }
    },
  };
}
