/**
 * Turns from one Teams channel posted to a running bot's /api/messages, as the role tests send
 * them: a user (by Entra object id) in a tenant, in the on-call channel, typing or clicking.
 */
export interface ChannelTurns {
  /** The activity of `objectId` in the channel, with `overrides` on top (type, text, value, …). */
  activity(objectId: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** POSTs `body`, expects HTTP 200 and returns the parsed answer (undefined when empty). */
  post(body: Record<string, unknown>): Promise<unknown>;
  /** An Action.Execute click on a card button whose data is `data` (`cmd` is its verb). */
  click(objectId: string, data: Record<string, unknown>): Promise<unknown>;
}

export function channelTurns(options: {
  readonly port: () => number;
  readonly serviceUrl: () => string;
  readonly tenantId: string;
}): ChannelTurns {
  const activity = (objectId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'message',
    id: 'activity-1',
    channelId: 'msteams',
    serviceUrl: options.serviceUrl(),
    locale: 'en-US',
    from: { id: `user-${objectId}`, name: 'Someone', aadObjectId: objectId },
    recipient: { id: 'bot-1' },
    conversation: { id: '19:oncall@thread.tacv2', conversationType: 'channel' },
    channelData: { tenant: { id: options.tenantId } },
    ...overrides,
  });
  const post = async (body: Record<string, unknown>): Promise<unknown> => {
    const response = await fetch(`http://127.0.0.1:${options.port()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const click = (objectId: string, data: Record<string, unknown>): Promise<unknown> =>
    post(
      activity(objectId, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: String(data['cmd']), data } },
      }),
    );
  return { activity, post, click };
}
