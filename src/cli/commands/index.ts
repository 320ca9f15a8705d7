import type { CliCommand } from './command';
import { kqlCommand } from './kql';
import { simulateCommand } from './simulate';

/** Every `iot-triage` command; a new one is a file in this folder and a line here. */
export const COMMANDS: readonly CliCommand[] = [kqlCommand, simulateCommand];
