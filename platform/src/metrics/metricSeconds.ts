/** Latency buckets in seconds, from 5 ms to 10 s (the gateway's default request deadline). */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The class of an HTTP status: `2xx`, `4xx`, `5xx`... */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}
