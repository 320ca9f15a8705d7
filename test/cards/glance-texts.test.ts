/**
 * Two "cards read at a glance" items of #16 checked on their own (the goldens only show one
 * instance each): link buttons with long titles are shortened so the client does not cut them, and
 * an alert's condition reads as a sentence.
 */
import { LINK_TITLE_MAX, linkTitle } from '../../src/cards/card-parts';
import { INCIDENT_TEXT } from '../../src/cards/incident-text';

describe('link titles', () => {
  it('keeps a title that fits and shortens a longer one to the limit, ending in an ellipsis', () => {
    expect(linkTitle('Open in Log Analytics')).toBe('Open in Log Analytics');
    const long = 'Open in Azure Data Explorer (CONTOSO-FLEET-HUB logs)';
    const shortened = linkTitle(long);
    expect([...shortened]).toHaveLength(LINK_TITLE_MAX);
    expect(shortened.endsWith('…')).toBe(true);
    expect(long.startsWith(shortened.slice(0, -1))).toBe(true);
  });

  it('counts Hangul as one character each, never splitting one', () => {
    const korean = 'Log Analytics에서 열기 '.repeat(3);
    const shortened = linkTitle(korean);
    expect([...shortened].length).toBeLessThanOrEqual(LINK_TITLE_MAX);
    expect(korean.startsWith(shortened.slice(0, -1))).toBe(true);
  });
});

describe('alert condition sentence', () => {
  it.each([
    ['GreaterThan', 'Count of matching log rows was 12, above the threshold of 3'],
    ['LessThanOrEqual', 'Count of matching log rows was 12, at or below the threshold of 3'],
  ])('a log alert with %s reads as one sentence', (operator, sentence) => {
    expect(INCIDENT_TEXT.en.conditionSentence('Log query results', 'Count', '12', operator, '3')).toBe(
      sentence,
    );
  });

  it('a metric alert names its aggregation and metric; Korean says the same', () => {
    expect(
      INCIDENT_TEXT.en.conditionSentence('d2c.telemetry.ingress.success', 'Total', '0', 'LessThan', '1'),
    ).toBe('Total of d2c.telemetry.ingress.success was 0, below the threshold of 1');
    expect(INCIDENT_TEXT.ko.conditionSentence('Log query results', 'Count', '12', 'GreaterThan', '3')).toBe(
      '일치한 로그 행 수 12, 임계값 3 초과',
    );
  });

  it('without a threshold or a known operator it states the value only', () => {
    expect(
      INCIDENT_TEXT.en.conditionSentence('Log query results', undefined, '5', undefined, undefined),
    ).toBe('Count of matching log rows was 5');
  });
});
