import { alertCommand } from './alert';
import { askCommand } from './ask';
import type { CliCommand } from './command';
import { diagnoseCommand } from './diagnose';
import { dpsErrorsCommand } from './dps-errors';
import { explainCommand } from './explain';
import { hubErrorsCommand } from './hub-errors';
import { kqlCommand } from './kql';
import { simulateCommand } from './simulate';
import { topDisconnectsCommand } from './top-disconnects';

/** Every `iot-triage` command; a new one is a file in this folder and a line here. */
export const COMMANDS: readonly CliCommand[] = [
  askCommand,
  diagnoseCommand,
  explainCommand,
  hubErrorsCommand,
  topDisconnectsCommand,
  dpsErrorsCommand,
  kqlCommand,
  simulateCommand,
  alertCommand,
];
