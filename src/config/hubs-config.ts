import { z } from 'zod';
import { GUID } from './rules';
import { configSection } from './section';

const hubEntry = z.object({
  name: z.string().min(1),
  kind: z.enum(['iothub', 'dps']).default('iothub'),
  workspaceId: z.string().regex(GUID, 'must be a Log Analytics workspace id (GUID)').optional(),
  resourceId: z
    .string()
    .startsWith('/subscriptions/', 'must be an ARM resource id starting with /subscriptions/')
    .optional(),
});

/** One IoT hub or DPS the bot knows by name, with where its logs are. */
export type HubSetting = z.infer<typeof hubEntry>;

const hubList = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => {
    if (!text) return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be JSON: [{"name":"my-hub","workspaceId":"<guid>","resourceId":"/subscriptions/..."}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(hubEntry));

/** IOT_HUBS: a JSON list, so one setting carries every hub's workspace and resource id. */
export const hubsSection = configSection({
  variables: { IOT_HUBS: hubList },
  read: (e): readonly HubSetting[] => e.IOT_HUBS,
});
