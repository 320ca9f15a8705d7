import { progressLine, progressPrinter } from '../../../src/cli/load-progress';
import type { LoadProgress } from '../../../src/logs/local/loaders/load-log-files';

const MIDWAY: LoadProgress = {
  file: 'PT1H.json',
  filesDone: 0,
  filesTotal: 1,
  bytesRead: 265e6,
  bytesTotal: 630.6e6,
  rowsLoaded: 420_000,
  elapsedMs: 2600,
};

describe('the load progress line', () => {
  it('shows rows, megabytes, the rate and the time left', () => {
    expect(progressLine(MIDWAY)).toBe(
      'Loading logs… 42% (420,000 rows, 265 of 631 MB, 161,538 rows/s, about 4 s left)',
    );
  });

  it('gives no rate or ETA in the first half second, when they would be noise', () => {
    expect(progressLine({ ...MIDWAY, bytesRead: 1e6, rowsLoaded: 1600, elapsedMs: 120 })).toBe(
      'Loading logs… 0% (1,600 rows, 1.0 of 631 MB)',
    );
  });

  it('redraws at most every 100 ms on a terminal and clears the line at the end', () => {
    let written = '';
    const print = progressPrinter({
      isTTY: true,
      stdout: { write: () => undefined },
      stderr: {
        write: (text: string) => {
          written += text;
        },
      },
    });
    print?.({ ...MIDWAY, elapsedMs: 1000 });
    print?.({ ...MIDWAY, elapsedMs: 1050 });
    print?.({ ...MIDWAY, elapsedMs: 1100 });
    print?.({ ...MIDWAY, filesDone: 1, elapsedMs: 1120 });
    expect(written.split('\r').filter((part) => part.startsWith('\u001b[KLoading'))).toHaveLength(2);
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });
});
