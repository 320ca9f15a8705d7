/** The part of autocannon 9's API the load bench uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Client {
      setBody(body: string): void;
    }
    /** What `setupRequest` may change before a request is sent. */
    interface RequestData {
      readonly method?: string;
      readonly path?: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
    }
    interface RequestStep {
      readonly method?: string;
      /**
       * Builds each request; `context` is the connection's, fresh for every request when there is
       * one step, and the same object `onResponse` then gets for that request's answer.
       */
      setupRequest?(request: RequestData, context: Record<string, unknown>): RequestData;
      onResponse?(status: number, body: string, context: Record<string, unknown>): void;
    }
    interface Options {
      readonly url: string;
      readonly method?: 'GET' | 'POST';
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
      readonly connections?: number;
      readonly duration?: number;
      readonly idReplacement?: boolean;
      readonly setupClient?: (client: Client) => void;
      readonly requests?: readonly RequestStep[];
      /** A run before the measured one, reported apart in `Result.warmup`. */
      readonly warmup?: { readonly connections: number; readonly duration: number };
    }
    interface Histogram {
      readonly average: number;
      readonly p50: number;
      readonly p99: number;
      readonly total: number;
    }
    interface Result {
      readonly requests: Histogram;
      readonly latency: Histogram;
      readonly errors: number;
      readonly timeouts: number;
      readonly non2xx: number;
      readonly warmup?: Result;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
