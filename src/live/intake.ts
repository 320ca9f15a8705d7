import { StorageConflictError, StorageUnavailableError } from '../storage/store';
import type { LiveConnectionStore } from './connection-store';
import { DeliveryFormatError, parseDelivery, type IotHubEvent } from './iot-hub-events';

/** An HTTP answer, without HTTP: hosting writes it. */
export interface EventsAnswer {
  readonly status: 200 | 400 | 503;
  readonly body: Record<string, unknown>;
}

/**
 * POST /api/events after authentication: parse, answer the validation handshake, store, answer.
 *
 * Event Grid's contract decides the status codes: 200 only once every event is durably stored;
 * 503 when the store failed (Event Grid retries for up to 24 h with back-off: 10 s, 30 s, 1 min,
 * 5 min, ... hourly); 400 only for entries that can never be stored (Event Grid does not retry a
 * 400 and dead-letters the batch). The valid events of a batch with a bad entry are stored before
 * the 400, so the dead-lettered copy can be replayed safely: duplicates change nothing.
 */
export class LiveEventIntake {
  constructor(private readonly deps: { readonly states: LiveConnectionStore }) {}

  async accept(body: unknown): Promise<EventsAnswer> {
    let items;
    try {
      items = parseDelivery(body);
    } catch (error) {
      if (error instanceof DeliveryFormatError) return { status: 400, body: { error: error.message } };
      throw error;
    }
    const events: IotHubEvent[] = [];
    let validationCode: string | undefined;
    let ignored = 0;
    const invalid: { index: number; field: string; message: string }[] = [];
    for (const item of items) {
      if (item.kind === 'device') events.push(item.event);
      else if (item.kind === 'validation') validationCode ??= item.validationCode;
      else if (item.kind === 'ignored') ignored++;
      else invalid.push({ index: item.index, field: item.field, message: item.message });
    }
    let outcome;
    try {
      outcome = await this.deps.states.record(events);
    } catch (error) {
      if (error instanceof StorageUnavailableError || error instanceof StorageConflictError) {
        return {
          status: 503,
          body: { error: 'The events could not be stored right now; Event Grid will retry.' },
        };
      }
      throw error;
    }
    const counts = { received: items.length, stored: outcome.changed, unchanged: outcome.unchanged, ignored };
    if (invalid.length > 0) {
      const first = invalid[0];
      return {
        status: 400,
        body: {
          error: `Event ${first?.index}: ${first?.field} ${first?.message}`,
          field: first?.field,
          invalid,
          ...counts,
        },
      };
    }
    return {
      status: 200,
      body: validationCode === undefined ? counts : { validationResponse: validationCode },
    };
  }
}
