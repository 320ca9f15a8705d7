import { z } from 'zod';
import { optionalText } from './rules';
import { configSection } from './section';

/** Where the HTTP server listens. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
}

// 0 asks the OS for a free port (tests and parallel local runs).
const PORT_RULE = 'must be a whole number between 0 and 65535 (0 picks a free port)';
const port = z.coerce.number({ error: PORT_RULE }).int(PORT_RULE).min(0, PORT_RULE).max(65535, PORT_RULE);

/** PORT and HOST: all interfaces in production (App Service forwards to it), loopback elsewhere. */
export const serverSection = configSection({
  variables: { PORT: port.default(3978), HOST: optionalText },
  read: (e, { production }): ServerConfig => ({
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
  }),
});
