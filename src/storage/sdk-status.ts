/** The HTTP status an Azure SDK error carries (`statusCode`; Cosmos DB also puts it in `code`). */
export function statusOf(error: unknown): unknown {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  return statusCode ?? code;
}

/** A `catch` handler that turns the given HTTP status into `undefined` and rethrows anything else. */
export function ignoreStatus(status: number): (error: unknown) => undefined {
  return (error) => {
    if (statusOf(error) === status) return undefined;
    throw error;
  };
}

/** The statuses a conditional write is refused with: exists (409), eTag moved (412), gone (404). */
export function isConditionRefused(error: unknown): boolean {
  const status = statusOf(error);
  return status === 409 || status === 412 || status === 404;
}
