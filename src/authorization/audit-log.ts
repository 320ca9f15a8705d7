import type { Logger } from '../logging/logger';

/** One state-changing action, allowed or refused: who, what, when, where, and how it ended. */
export interface AuditEntry {
  readonly at: Date;
  readonly actor: {
    /** Entra object id (`from.aadObjectId`); the identity the decision was made on. */
    readonly objectId?: string;
    readonly tenantId?: string;
    /** Display name, to help a human reading the log; never used to decide. */
    readonly name?: string;
  };
  /** A {@link ProtectedAction} name, e.g. `acknowledge`, `subscribe`. */
  readonly action: string;
  /** What it was done to: an incident id, an alert id, a setting name. */
  readonly target?: string;
  readonly where: {
    readonly channelId?: string;
    readonly conversationId?: string;
    readonly conversationType?: string;
  };
  readonly outcome: 'allowed' | 'denied' | 'failed';
  /** Why it was denied or failed (a role name, a reason code); never user text or secrets. */
  readonly detail?: string;
}

/** Where audit entries go. Recording must not fail the user's action, so implementations swallow their own errors. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/**
 * Audit entries as structured log lines (`audit: true`), so they land wherever the bot's logs go
 * (App Service → Log Analytics) and can be queried next to everything else, e.g.
 * `AppServiceConsoleLogs | where ResultDescription has '"audit":true'`.
 */
export class LoggerAuditLog implements AuditLog {
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger.child({ audit: true });
  }

  async record(entry: AuditEntry): Promise<void> {
    try {
      this.logger.info({ ...entry, at: entry.at.toISOString() }, `audit: ${entry.action} ${entry.outcome}`);
    } catch {
      // A broken log destination must not undo the action; there is nowhere better to report it.
    }
  }
}
