import { setTimeout as sleep } from "node:timers/promises";

export interface RetryPolicy {
  /** Attempts after the first; 0 never retries. */
  maxRetries: number;
  /** The wait before retry n (1-based). */
  delayMs(retry: number): number;
  /**
   * Asked after a failed attempt that may still be retried, with the wait that would come
   * first: false ends with that failure. Checks that spend something (a retry budget) go last.
   */
  shouldRetry(error: unknown, delayMs: number): boolean;
}

/** Runs `attempt` until it succeeds, the policy declines, or the retries are used up; rejects with the last failure. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry > policy.maxRetries) throw error;
      const delay = policy.delayMs(retry);
      if (!policy.shouldRetry(error, delay)) throw error;
      if (delay > 0) await sleep(delay);
    }
  }
}
