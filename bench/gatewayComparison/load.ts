/**
 * Drives a gateway with the query mix: autocannon, a fixed number of connections (closed loop:
 * each sends its next request when the previous one is answered), each connection cycling
 * through the mix in order, for a fixed duration. Counts what went wrong per operation:
 * non-2xx answers and 2xx answers carrying GraphQL errors.
 */
import autocannon from "autocannon";
import { type MixOperation, requestBody } from "./queryMix";

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

export interface OperationCounts {
  responses: number;
  non2xx: number;
  graphqlErrors: number;
  /** The first failed answer seen, shortened, to show what went wrong. */
  sample?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Connection errors and timeouts (autocannon's `errors` counts both). */
  connectionErrors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  byOperation: Record<string, OperationCounts>;
}

const REQUEST_TIMEOUT_SECONDS = 10;

export function runLoad(url: string, mix: readonly MixOperation[], options: LoadOptions): Promise<LoadResult> {
  const byOperation: Record<string, OperationCounts> = Object.fromEntries(mix.map((operation) => [operation.name, { responses: 0, non2xx: 0, graphqlErrors: 0 }]));
  const target = new URL(url);
  const requests: autocannon.Request[] = mix.map((operation) => ({
    method: "POST",
    path: target.pathname,
    headers: { "content-type": "application/json", ...operation.headers },
    body: requestBody(operation),
    onResponse: (status, body) => {
      const counts = byOperation[operation.name]!;
      counts.responses += 1;
      const non2xx = status < 200 || status > 299;
      // A substring test, not a parse, to keep the load generator's own cost down: no demo data contains it.
      const graphqlErrors = !non2xx && body.includes('"errors":');
      if (non2xx) counts.non2xx += 1;
      if (graphqlErrors) counts.graphqlErrors += 1;
      if ((non2xx || graphqlErrors) && counts.sample === undefined) counts.sample = `HTTP ${status}: ${body.slice(0, 500)}`;
    },
  }));

  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.origin,
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: REQUEST_TIMEOUT_SECONDS,
        requests,
      },
      (error, result) => {
        if (error) return reject(error);
        const operations = Object.values(byOperation);
        resolve({
          requestsPerSecond: result.requests.average,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          requests: result.requests.total,
          connectionErrors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          graphqlErrors: operations.reduce((sum, counts) => sum + counts.graphqlErrors, 0),
          byOperation,
        });
      },
    );
  });
}

/** Everything that went wrong in a run, 0 when it was clean. */
export function failedRequests(result: LoadResult): number {
  return result.connectionErrors + result.non2xx + result.graphqlErrors;
}
