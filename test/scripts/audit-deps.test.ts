import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  advisoriesOf,
  judgeAudit,
  readExceptions,
  report,
  type AuditException,
} from '../../scripts/audit-deps';

/** The shape `npm audit --json` (report format 2) prints: one entry per vulnerable package. */
function auditReport(
  vulnerabilities: Record<string, { severity: string; via: unknown[] }>,
): Record<string, unknown> {
  return {
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(
      Object.entries(vulnerabilities).map(([name, v]) => [
        name,
        { name, severity: v.severity, isDirect: false, via: v.via, effects: [], range: '*', nodes: [] },
      ]),
    ),
    metadata: { vulnerabilities: {} },
  };
}

const advisory = (
  name: string,
  id: string,
  severity: string,
  title = 'a title',
): Record<string, unknown> => ({
  source: 1_100_000,
  name,
  dependency: name,
  title,
  url: `https://github.com/advisories/${id}`,
  severity,
  range: '<9.9.9',
});

const exceptions: AuditException[] = [
  { advisory: 'GHSA-rrr8-f88r-h8q6', package: 'find-my-way', reason: 'no parameterised routes' },
];

describe('judgeAudit', () => {
  it('passes a tree whose only high advisory is an accepted exception, and lists lower ones', () => {
    const verdict = judgeAudit(
      auditReport({
        'find-my-way': { severity: 'high', via: [advisory('find-my-way', 'GHSA-rrr8-f88r-h8q6', 'high')] },
        send: { severity: 'low', via: [advisory('send', 'GHSA-m6fv-jmcg-4jfg', 'low')] },
        restify: { severity: 'high', via: ['find-my-way', 'send'] },
      }),
      exceptions,
    );
    expect(verdict.status).toBe('passed');
    if (verdict.status === 'unavailable') throw new Error('unreachable');
    expect(verdict.excused.map((f) => f.package)).toEqual(['find-my-way']);
    expect(verdict.minor.map((f) => f.advisory)).toEqual(['GHSA-m6fv-jmcg-4jfg']);
  });

  it('fails on a high or critical advisory nobody explained, naming package and advisory', () => {
    const verdict = judgeAudit(
      auditReport({
        axios: { severity: 'critical', via: [advisory('axios', 'GHSA-aaaa-bbbb-cccc', 'critical', 'SSRF')] },
        // The same advisory id on another package is not covered by the exception.
        'find-my-way-fork': {
          severity: 'high',
          via: [advisory('find-my-way-fork', 'GHSA-rrr8-f88r-h8q6', 'high')],
        },
      }),
      exceptions,
    );
    expect(verdict.status).toBe('failed');
    if (verdict.status === 'unavailable') throw new Error('unreachable');
    expect(verdict.unexplained.map((f) => `${f.package} ${f.advisory}`)).toEqual([
      'axios GHSA-aaaa-bbbb-cccc',
      'find-my-way-fork GHSA-rrr8-f88r-h8q6',
    ]);
    const printed: string[] = [];
    expect(report(verdict, false, (text) => printed.push(text))).toBe(1);
    expect(printed.join('\n')).toContain('axios GHSA-aaaa-bbbb-cccc SSRF');
  });

  it('says the endpoint did not answer, without repeating its address, and passes unless strict', () => {
    const verdict = judgeAudit(
      {
        message:
          '405 Method Not Allowed - POST https://registry.example.test/-/npm/v1/security/advisories/bulk',
        statusCode: 405,
      },
      exceptions,
    );
    expect(verdict).toEqual({ status: 'unavailable', reason: '405 Method Not Allowed' });
    const printed: string[] = [];
    expect(report(verdict, false, (text) => printed.push(text))).toBe(0);
    expect(printed.join('\n')).not.toContain('example.test');
    expect(report(verdict, true, () => undefined)).toBe(1);
    expect(judgeAudit(undefined, exceptions).status).toBe('unavailable');
  });

  it('counts one advisory once even when npm lists it under several paths', () => {
    const via = [
      advisory('qs', 'GHSA-hrpp-h998-j3pp', 'high'),
      advisory('qs', 'GHSA-hrpp-h998-j3pp', 'high'),
    ];
    expect(advisoriesOf(auditReport({ qs: { severity: 'high', via } }))).toHaveLength(1);
  });
});

describe('audit-exceptions.json', () => {
  const exceptionsFile = path.resolve(__dirname, '..', '..', 'audit-exceptions.json');
  const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

  it('gives every accepted advisory a package and a reason, and the README names each one', () => {
    const accepted = readExceptions(exceptionsFile);
    expect(accepted.length).toBeGreaterThan(0);
    for (const exception of accepted) {
      expect(exception.advisory).toMatch(/^GHSA(-[0-9a-z]{4}){3}$/);
      expect(readme).toContain(exception.advisory);
      expect(readme).toContain(exception.package);
    }
  });
});
