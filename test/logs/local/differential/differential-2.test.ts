/** The second half of the 2,000 differential queries of `npm test` (see differential.test.ts). */
import { differentialTest } from './suite';

differentialTest(17, 1_000);
