import type { TokenCredential } from '@azure/identity';
import { GroupLookupError, isObjectId, normalizeCandidates, type GroupMembership } from './group-membership';

/**
 * Group membership from Microsoft Graph: `POST /users/{id}/checkMemberGroups` with up to 20 group
 * ids per call (Graph's limit), answered transitively (nested groups count). The bot calls it as
 * itself (managed identity or app registration), so its identity needs the application
 * permissions {@link GRAPH_PERMISSIONS} with admin consent.
 *
 * `/users/{id}` rather than `/directoryObjects/{id}`: Teams principals are users, and Graph
 * documents the user form with less privilege (User.Read.All + GroupMember.Read.All) than the
 * generic directory-object form (Directory.Read.All).
 *
 *   memberGroupsOf(user, [g1..g45]) ─▶ POST …/users/{user}/checkMemberGroups {groupIds:[g1..g20]}
 *                                    ─▶ POST …                               {groupIds:[g21..g40]}
 *                                    ─▶ POST …                               {groupIds:[g41..g45]}
 *   429/503 ─▶ wait Retry-After once when it fits the budget, else GroupLookupError('throttled')
 *   403 ─▶ GroupLookupError('missing-permission')     404 ─▶ [] (no such user)
 */
export const GRAPH_PERMISSIONS = ['GroupMember.Read.All', 'User.Read.All'] as const;

/** Graph's own limit on `groupIds` in one checkMemberGroups call. */
export const CHECK_MEMBER_GROUPS_LIMIT = 20;

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphGroupMembershipOptions {
  /** The bot's identity; asked for a token for {@link GRAPH_SCOPE}. */
  readonly credential: TokenCredential;
  /** The HTTP client (tests point it, or {@link baseUrl}, at a local server playing Graph). */
  readonly fetch?: typeof fetch;
  /** Default `https://graph.microsoft.com/v1.0`; a national cloud has its own. */
  readonly baseUrl?: string;
  /**
   * The longest Retry-After the lookup waits out (once per call) before giving up: the answer
   * decides a chat turn, which Teams does not wait for long. Default 2000 ms.
   */
  readonly retryBudgetInMs?: number;
  /** Per request; default 5000 ms. */
  readonly timeoutInMs?: number;
  /** How waiting is done (tests record the wait instead of sleeping). */
  readonly delay?: (ms: number) => Promise<void>;
}

export class GraphGroupMembership implements GroupMembership {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly retryBudgetInMs: number;
  private readonly timeoutInMs: number;
  private readonly delay: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphGroupMembershipOptions) {
    this.fetch = options.fetch ?? fetch;
    this.baseUrl = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
    this.retryBudgetInMs = options.retryBudgetInMs ?? 2000;
    this.timeoutInMs = options.timeoutInMs ?? 5000;
    this.delay = options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async memberGroupsOf(objectId: string, candidateGroupIds: readonly string[]): Promise<string[]> {
    // A forged or odd id can belong to nothing; it never reaches the URL.
    if (!isObjectId(objectId)) return [];
    const candidates = normalizeCandidates(objectId, candidateGroupIds);
    if (candidates.length === 0) return [];
    const token = await this.token();
    const members: string[] = [];
    for (let start = 0; start < candidates.length; start += CHECK_MEMBER_GROUPS_LIMIT) {
      const batch = candidates.slice(start, start + CHECK_MEMBER_GROUPS_LIMIT);
      const answer = await this.checkMemberGroups(objectId, batch, token);
      if (answer === 'no-such-principal') return [];
      members.push(...answer);
    }
    return members;
  }

  private async token(): Promise<string> {
    let token: string | undefined;
    try {
      token = (await this.options.credential.getToken(GRAPH_SCOPE))?.token;
    } catch (error) {
      const kind = error instanceof Error ? error.name : 'error';
      throw new GroupLookupError(
        'not-signed-in',
        `Could not get a Microsoft Graph token for the bot's identity (${kind})`,
      );
    }
    if (!token) {
      throw new GroupLookupError(
        'not-signed-in',
        "Could not get a Microsoft Graph token for the bot's identity",
      );
    }
    return token;
  }

  private async checkMemberGroups(
    objectId: string,
    batch: readonly string[],
    token: string,
  ): Promise<string[] | 'no-such-principal'> {
    let response = await this.post(objectId, batch, token);
    if (response.status === 429 || response.status === 503) {
      const waitInMs = retryAfterInMs(response.headers.get('retry-after'));
      if (waitInMs > this.retryBudgetInMs) {
        throw new GroupLookupError(
          'throttled',
          `Microsoft Graph is throttling group lookups (HTTP ${response.status}, retry after ${Math.ceil(waitInMs / 1000)} s)`,
          response.status,
        );
      }
      await response.body?.cancel();
      await this.delay(waitInMs);
      response = await this.post(objectId, batch, token);
      if (response.status === 429 || response.status === 503) {
        throw new GroupLookupError(
          'throttled',
          `Microsoft Graph is still throttling group lookups after one retry (HTTP ${response.status})`,
          response.status,
        );
      }
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return 'no-such-principal';
    }
    if (response.status === 403) {
      throw new GroupLookupError(
        'missing-permission',
        `Microsoft Graph refused the group lookup (HTTP 403${await graphErrorCode(response)}): grant the bot's identity the application permissions ${GRAPH_PERMISSIONS.join(' and ')} with admin consent`,
        403,
      );
    }
    if (response.status === 401) {
      throw new GroupLookupError(
        'not-signed-in',
        `Microsoft Graph rejected the bot's token (HTTP 401${await graphErrorCode(response)})`,
        401,
      );
    }
    if (response.status !== 200) {
      throw new GroupLookupError(
        'unavailable',
        `Microsoft Graph answered the group lookup with HTTP ${response.status}${await graphErrorCode(response)}`,
        response.status,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new GroupLookupError(
        'unavailable',
        'Microsoft Graph answered the group lookup with invalid JSON',
        200,
      );
    }
    const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
    if (!Array.isArray(value)) {
      throw new GroupLookupError(
        'unavailable',
        'Microsoft Graph answered the group lookup without a value list',
        200,
      );
    }
    // Only ids we asked about, whatever the answer claims.
    const asked = new Set(batch);
    return value
      .filter((id): id is string => typeof id === 'string')
      .map((id) => id.toLowerCase())
      .filter((id) => asked.has(id));
  }

  private async post(objectId: string, batch: readonly string[], token: string): Promise<Response> {
    const url = `${this.baseUrl}/users/${encodeURIComponent(objectId)}/checkMemberGroups`;
    try {
      return await this.fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ groupIds: batch }),
        signal: AbortSignal.timeout(this.timeoutInMs),
      });
    } catch (error) {
      const name = fieldOf(error, 'name');
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new GroupLookupError(
        'unavailable',
        timedOut
          ? `Microsoft Graph did not answer the group lookup within ${this.timeoutInMs} ms`
          : `Microsoft Graph could not be reached for the group lookup (${networkCause(error)})`,
      );
    }
  }
}

/** Retry-After in seconds or as an HTTP date; 1 s when absent or unreadable (Graph's usual hint). */
function retryAfterInMs(header: string | null): number {
  if (header === null || header.trim() === '') return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

/** `, <code>` from a Graph error body (`{"error":{"code":"Authorization_RequestDenied",...}}`), else ''. */
async function graphErrorCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    const code = body.error?.code;
    return typeof code === 'string' && /^[\w.-]{1,80}$/.test(code) ? `, ${code}` : '';
  } catch {
    return '';
  }
}

/** The network error's code (ECONNREFUSED, ENOTFOUND…) without its message, which may quote URLs. */
function networkCause(error: unknown): string {
  const code = fieldOf(fieldOf(error, 'cause'), 'code');
  if (typeof code === 'string') return code;
  const name = fieldOf(error, 'name');
  return typeof name === 'string' ? name : 'network error';
}

// fetch's errors may come from another realm (undici), where `instanceof Error` is false.
function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
