import findingsData from '../../src/knowledge/findings.json';
import {
  FINDING_IDS,
  getFinding,
  isFindingId,
  KnowledgeError,
  listFindings,
  severityRank,
  type FindingId,
} from '../../src/knowledge/catalog';
import { CONTRACT_FINDING_IDS } from './contract-ids';

describe('finding ids (the findings.md contract)', () => {
  const idsInData = findingsData.map((entry) => entry.id);

  it.each(CONTRACT_FINDING_IDS)('%s is in findings.json exactly once', (id) => {
    expect(idsInData.filter((candidate) => candidate === id)).toHaveLength(1);
  });

  it.each(CONTRACT_FINDING_IDS)('%s is part of the FindingId type', (id) => {
    expect(FINDING_IDS).toContain(id);
    expect(getFinding(id).id).toBe(id);
  });

  it('has no entry outside the FindingId union, and every union member has an entry', () => {
    expect([...idsInData].sort()).toEqual([...FINDING_IDS].sort());
  });

  it('extra ids follow the source.code-or-topic.slug style', () => {
    const extras = FINDING_IDS.filter((id) => !(CONTRACT_FINDING_IDS as readonly string[]).includes(id));
    for (const id of extras) expect(id).toMatch(/^(iothub|dps|fleet|data)(\.[a-z0-9]+)?\.[a-z0-9-]+$/);
  });

  it('isFindingId accepts contract ids and rejects near misses', () => {
    expect(isFindingId('iothub.401003.token-renewal')).toBe(true);
    expect(isFindingId('iothub.401003.token_renewal')).toBe(false);
    expect(isFindingId('IOTHUB.401003.TOKEN-RENEWAL')).toBe(false);
  });

  it('getFinding fails loudly on an id cast from unchecked text', () => {
    expect(() => getFinding('iothub.nope' as FindingId)).toThrow(KnowledgeError);
  });
});

describe('severities chosen per findings.md', () => {
  const severityOf = (id: FindingId) => getFinding(id).severity;

  it('a token renewal is benign', () => {
    expect(severityOf('iothub.401003.token-renewal')).toBe('info');
    expect(severityOf('dps.401.tpm-challenge')).toBe('info');
  });

  it('a real authentication failure outranks a token renewal', () => {
    const renewal = severityRank(severityOf('iothub.401003.token-renewal'));
    for (const finding of listFindings().filter(
      (f) => f.id.startsWith('iothub.401003.') && f.id !== 'iothub.401003.token-renewal',
    )) {
      expect(severityRank(finding.severity)).toBeGreaterThan(renewal);
    }
  });

  it('a mass disconnect is error or critical', () => {
    expect(['error', 'critical']).toContain(severityOf('fleet.mass-disconnect'));
  });

  it('data findings are never error or critical', () => {
    for (const finding of listFindings().filter((f) => f.source === 'data')) {
      expect(['info', 'warning']).toContain(finding.severity);
    }
  });

  it('severityRank orders critical > error > warning > info', () => {
    expect(severityRank('critical')).toBeGreaterThan(severityRank('error'));
    expect(severityRank('error')).toBeGreaterThan(severityRank('warning'));
    expect(severityRank('warning')).toBeGreaterThan(severityRank('info'));
  });
});

describe('catalog order and sources', () => {
  it('each entry source matches its id prefix', () => {
    for (const finding of listFindings()) expect(finding.id.split('.')[0]).toBe(finding.source);
  });

  it('iothub and dps findings named after a code (or code family) list it', () => {
    for (const finding of listFindings()) {
      const code = /^(?:iothub|dps)\.(\d{3,6})\./.exec(finding.id)?.[1];
      if (code !== undefined) expect(finding.codes.some((listed) => listed.startsWith(code))).toBe(true);
    }
  });
});
