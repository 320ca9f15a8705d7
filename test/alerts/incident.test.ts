import { parseCommonAlert } from '../../src/alerts/common-alert-schema';
import { applyAlert, changeIncident, effectiveStatus, type Actor } from '../../src/alerts/incident';
import { checkAlertSecret } from '../../src/alerts/webhook-secret';
import { logSearchAlert, alertId } from './payloads';

const ana: Actor = { id: 'u1', aadObjectId: 'aad-ana', name: 'Ana' };
const fired = parseCommonAlert(logSearchAlert({ id: alertId(9), deviceId: 'd1' }));
const resolved = parseCommonAlert(logSearchAlert({ id: alertId(9), deviceId: 'd1', condition: 'Resolved' }));

describe('incident transitions', () => {
  it('opens on Fired, ignores the same condition again, resolves on Resolved', () => {
    const open = applyAlert(undefined, 'abc123', fired, '2026-03-02T10:00:01Z');
    expect(open?.status).toBe('open');
    expect(applyAlert(open, 'abc123', fired, 'later')).toBeUndefined();
    const done = applyAlert(open, 'abc123', resolved, '2026-03-02T10:31:00Z');
    expect(done?.status).toBe('resolved');
    expect(done?.resolvedAt).toBe('2026-03-02T10:30:00.000Z');
    expect(done?.timeline.map((e) => e.action)).toEqual(['fired', 'resolved-by-monitor']);
    // The Fired alert's details stay (dimensions, window).
    expect(done?.alert.dimensions).toEqual([{ name: 'DeviceId', value: 'd1' }]);
  });

  it('records who did what and refuses changes to a resolved incident', () => {
    const open = applyAlert(undefined, 'abc123', fired, 't0')!;
    const acked = changeIncident(open, { kind: 'acknowledge' }, ana, 't1');
    expect(acked.applied && acked.incident.timeline.at(-1)).toEqual({
      at: 't1',
      by: ana,
      action: 'acknowledged',
    });
    expect(changeIncident(acked.incident, { kind: 'acknowledge' }, ana, 't2')).toMatchObject({
      applied: false,
      reason: 'no-change',
    });
    const closed = changeIncident(acked.incident, { kind: 'resolve', note: 'fixed' }, ana, 't3');
    expect(closed.incident.status).toBe('resolved');
    expect(changeIncident(closed.incident, { kind: 'snooze', untilIso: 'x' }, ana, 't4')).toMatchObject({
      applied: false,
      reason: 'already-resolved',
    });
  });

  it('counts an expired snooze as open', () => {
    const open = applyAlert(undefined, 'abc123', fired, 't0')!;
    const snoozed = changeIncident(
      open,
      { kind: 'snooze', untilIso: '2026-03-02T11:00:00Z' },
      ana,
      't1',
    ).incident;
    expect(effectiveStatus(snoozed, new Date('2026-03-02T10:59:00Z'))).toBe('snoozed');
    expect(effectiveStatus(snoozed, new Date('2026-03-02T11:00:00Z'))).toBe('open');
  });
});

describe('checkAlertSecret', () => {
  const secret = 'correct-horse-battery-staple';
  it('accepts the secret from the query or the header', () => {
    expect(checkAlertSecret(secret, { query: secret })).toBe('ok');
    expect(checkAlertSecret(secret, { header: secret })).toBe('ok');
    expect(checkAlertSecret(secret, { query: 'wrong', header: secret })).toBe('ok');
  });
  it('tells missing from wrong, including near misses', () => {
    expect(checkAlertSecret(secret, {})).toBe('missing');
    expect(checkAlertSecret(secret, { query: '' })).toBe('missing');
    expect(checkAlertSecret(secret, { query: secret.slice(0, -1) })).toBe('wrong');
    expect(checkAlertSecret(secret, { header: `${secret} ` })).toBe('wrong');
  });
});
