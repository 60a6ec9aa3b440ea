import { SubgraphUnavailableError } from "../errors";

/**
 * The overall deadline of one client request, shared by every subgraph fetch its query plan
 * makes. Counted from when the request arrived (its context's `receivedAt`) and read by each
 * data source: a fetch gets at most what is left, and none once it is spent.
 */
export class RequestDeadline {
  private constructor(
    private readonly expiresAt: number,
    private readonly now: () => number,
  ) {}

  /** A deadline `budgetMs` from now. `now` is a monotonic clock in ms (tests may pass their own). */
  static after(budgetMs: number, now: () => number = () => performance.now()): RequestDeadline {
    return new RequestDeadline(now() + budgetMs, now);
  }

  /** A deadline `budgetMs` after `startMs` on the same monotonic clock (a request's arrival). */
  static startingAt(startMs: number, budgetMs: number, now: () => number = () => performance.now()): RequestDeadline {
    return new RequestDeadline(startMs + budgetMs, now);
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  get expired(): boolean {
    return this.remainingMs() <= 0;
  }
}

/** How long one attempt may take, and what it is called when that runs out. */
export interface TimeLimit {
  ms: number;
  reason: "timeout" | "deadline_exceeded";
}

/** The subgraph's own timeout, or what is left of the request's deadline when that is shorter. */
export function attemptTimeLimit(timeoutMs: number, deadline: RequestDeadline | undefined): TimeLimit {
  const remaining = deadline?.remainingMs() ?? Number.POSITIVE_INFINITY;
  return remaining < timeoutMs ? { ms: remaining, reason: "deadline_exceeded" } : { ms: timeoutMs, reason: "timeout" };
}

/**
 * Runs `work` with an AbortSignal that fires when `limit` runs out; the call then rejects with
 * SUBGRAPH_UNAVAILABLE (`timeout` or `deadline_exceeded`) at once, even if `work` ignores the
 * signal. Aborting is what frees the connection of a subgraph that hangs.
 */
export async function withTimeLimit<T>(subgraph: string, limit: TimeLimit, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const expired = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  const timer = setTimeout(() => controller.abort(new SubgraphUnavailableError(subgraph, limit.reason, `after ${Math.round(limit.ms)} ms`)), limit.ms);
  try {
    return await Promise.race([work(controller.signal), expired]);
  } catch (error) {
    // Whatever `work` rejected with once aborted (an AbortError) is a consequence, not the cause.
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}
