import { chartAxis } from '../../src/cards/chart-axis';
import { CardRenderer } from '../../src/cards';
import { CARD_CASES, contextFor, type CardCase } from './fixtures';

/** The five ticks the Teams renderer draws between yMin and yMax. */
function ticks(axis: { yMin: number; yMax: number }): number[] {
  return [0, 1, 2, 3, 4].map((i) => axis.yMin + ((axis.yMax - axis.yMin) * i) / 4);
}

describe('chartAxis', () => {
  it.each([1, 2, 3, 5, 7, 13, 100])(
    'a highest count of %i gets a multiple of 4 at or above it, so every tick is whole',
    (highest) => {
      const axis = chartAxis([0, highest, Math.floor(highest / 2)]);
      expect(axis.yMin).toBe(0);
      expect(axis.yMax % 4).toBe(0);
      expect(axis.yMax).toBeGreaterThanOrEqual(highest);
      // The smallest such multiple: no more than three counts of empty headroom.
      expect(axis.yMax - highest).toBeLessThan(4);
      for (const tick of ticks(axis)) expect(Number.isInteger(tick)).toBe(true);
    },
  );

  it('gives an empty or all-zero chart the span 0..4 rather than a zero-height axis', () => {
    expect(chartAxis([])).toEqual({ yMin: 0, yMax: 4 });
    expect(chartAxis([0, 0, 0])).toEqual({ yMin: 0, yMax: 4 });
  });

  it('keeps 0 a tick when counts go negative', () => {
    const axis = chartAxis([-3, 5]);
    expect(axis).toEqual({ yMin: -8, yMax: 8 });
    expect(ticks(axis)).toContain(0);
    for (const tick of ticks(axis)) expect(Number.isInteger(tick)).toBe(true);
  });

  it('gives fractional values four round steps covering the highest', () => {
    expect(chartAxis([0.3, 0.1])).toEqual({ yMin: 0, yMax: 0.4 });
    expect(chartAxis([12.5])).toEqual({ yMin: 0, yMax: 20 });
  });
});

/** Every chart element of a rendered card, wherever it sits. */
function chartsIn(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(chartsIn);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own = typeof record['type'] === 'string' && record['type'].startsWith('Chart.') ? [record] : [];
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, value]) => (key === 'fallback' ? [] : chartsIn(value))),
  ];
}

function valuesOf(chart: Record<string, unknown>): number[] {
  const data = chart['data'] as { values?: { y: number }[]; y?: number }[];
  return data.flatMap((item) =>
    item.values ? item.values.map((v) => v.y) : item.y !== undefined ? [item.y] : [],
  );
}

describe('rendered charts', () => {
  const renderer = new CardRenderer();
  const cases = CARD_CASES.filter((c) => c.name.startsWith('diagnosis') || c.name.startsWith('query-result'));

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: the count axis ends on a multiple of 4 above every bar',
    async (_, cardCase) => {
      const card = renderer.renderRequest(await cardCase.build(contextFor('en')));
      const charts = chartsIn(card).filter((chart) =>
        ['Chart.VerticalBar.Grouped', 'Chart.VerticalBar', 'Chart.Line'].includes(chart['type'] as string),
      );
      for (const chart of charts) {
        const values = valuesOf(chart);
        expect(typeof chart['yMax']).toBe('number');
        expect(chart['yMin']).toBe(0);
        expect(Math.max(0, ...values)).toBeLessThanOrEqual(chart['yMax'] as number);
        if (values.every((v) => Number.isInteger(v))) expect((chart['yMax'] as number) % 4).toBe(0);
      }
    },
  );

  it('the diagnosis case draws a chart at all (so the check above is not vacuous)', async () => {
    const diagnosisCase = cases.find((c) => c.name === 'diagnosis');
    expect(diagnosisCase).toBeDefined();
    const card = renderer.renderRequest(await (diagnosisCase as CardCase).build(contextFor('en')));
    expect(chartsIn(card).some((chart) => chart['type'] === 'Chart.VerticalBar.Grouped')).toBe(true);
  });
});
