import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubscribeOutcome {
  /** Errors from an `error` message or from a `next` result. */
  errors: { message: string; extensions?: Record<string, unknown> }[];
  /** Results that carried data (a refused subscription has none). */
  data: unknown[];
}

/**
 * Subscribes once over graphql-ws with `authorization` in connectionParams and collects what comes
 * back until the server completes or errors the operation, or `waitMs` passes.
 */
export async function subscribeOnce(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown>,
  authorization: string | undefined,
  waitMs = 3_000,
): Promise<SubscribeOutcome> {
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
  const outcome: SubscribeOutcome = { errors: [], data: [] };
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        dispose();
        resolve();
      }, waitMs);
      const dispose = client.subscribe(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) outcome.errors.push(...(result.errors as SubscribeOutcome['errors']));
            if (result.data) outcome.data.push(result.data);
          },
          error: (err) => {
            if (Array.isArray(err)) outcome.errors.push(...err);
            else outcome.errors.push({ message: String((err as { reason?: string }).reason ?? err) });
            clearTimeout(timer);
            resolve();
          },
          complete: () => {
            clearTimeout(timer);
            resolve();
          },
        },
      );
    });
  } finally {
    await client.dispose();
  }
  return outcome;
}
