import type { FindingId } from '../knowledge/catalog';
import { DATA_DETECTORS, DETECTOR_LAYERS } from './detectors';
import type { DetectorContext } from './detectors/context';
import type { Finding } from './finding';
import { explainedSeqs } from './rank';
import type { DeviceEvent } from './timeline';

/** What detectors need apart from `isExplained`, which the runner supplies layer by layer. */
export type DetectorInput = Omit<DetectorContext, 'isExplained'>;

/**
 * Runs every detector layer in order; each layer sees the findings of the layers before it through
 * `isExplained`, so a generic finding never re-reports what a specific one explains. Unranked.
 */
export function runDetectors(input: DetectorInput): Finding[] {
  const findings: Finding[] = [];
  for (const layer of DETECTOR_LAYERS) {
    const explained = new Map<FindingId, Set<number>>();
    const isExplained = (id: FindingId, event: DeviceEvent): boolean => {
      let seqs = explained.get(id);
      if (!seqs) {
        seqs = explainedSeqs(id, findings);
        explained.set(id, seqs);
      }
      return seqs.has(event.seq);
    };
    const context: DetectorContext = { ...input, isExplained };
    findings.push(...layer.flatMap((detect) => detect(context)));
  }
  const dataContext: DetectorContext = { ...input, isExplained: () => false };
  findings.push(...DATA_DETECTORS.flatMap((detect) => detect(dataContext)));
  return findings;
}
