import { z } from 'zod';

/**
 * One section of the configuration: the environment variables it owns (each with the rule that
 * validates it) and how their validated values map to the typed section of `AppConfig`.
 *
 * `readConfig` merges every section's `variables` into one schema, so a bad value anywhere is
 * reported together with every other bad value, before any section reads; only then does each
 * section's `read` run, adding the problems that need more than one variable to see.
 */
export interface ConfigSection<Variables extends z.ZodRawShape, Section> {
  /** The variables this section reads; a variable another section owns is borrowed by spreading its rule in. */
  readonly variables: Variables;
  /** Map the validated values to the section; push a problem (`NAME: what would be valid`) instead of throwing. */
  read(values: z.output<z.ZodObject<Variables>>, context: SectionContext): Section;
}

/** What every section may depend on besides its own variables. */
export interface SectionContext {
  /** NODE_ENV=production: several defaults are stricter there. */
  readonly production: boolean;
  /** NODE_ENV=test: defaults that keep a test's start cheap (e.g. the engine in-process). */
  readonly test: boolean;
  /** Where a section reports what is wrong across its variables; `readConfig` throws them all at once. */
  readonly problems: string[];
}

/** Declare a section, keeping the exact types of its variables for `read`. */
export function configSection<Variables extends z.ZodRawShape, Section>(
  section: ConfigSection<Variables, Section>,
): ConfigSection<Variables, Section> {
  return section;
}
