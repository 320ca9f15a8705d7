/**
 * Raised when the catalog data is invalid or a lookup is misused (unknown id,
 * missing placeholder value). A programming or data error, never user input, so
 * it is meant to fail loudly in tests and at start-up.
 */
export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';

  constructor(
    message: string,
    /** What was being looked at when it failed: an entry id, a code, a placeholder. */
    readonly context: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
