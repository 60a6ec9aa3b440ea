/**
 * Identical subgraph queries in flight at the same time share one fetch: under load many
 * clients ask the same thing at once (a product page, a store's availability), and a subgraph
 * that answers it once answers everyone.
 *
 * Sharing must not show anyone data older than what they may expect: a request may only join a
 * fetch that started after the request itself arrived at the gateway. Everything a client had
 * seen acknowledged before sending its request (a stock adjustment, a price change) had
 * committed before that fetch began, so the shared answer includes it, exactly as a fetch of its
 * own would. Callers scope the key to everything that shapes the answer: the subgraph, the
 * query, its variables and who is asking.
 */
export class InFlightQueries<T> {
  private readonly flights = new Map<string, { startedAt: number; answer: Promise<T> }>();
  private joined = 0;

  /**
   * `fetch`'s answer, or that of an identical query already in flight that started after
   * `arrivedAt` (then `shared` is true). Both are times of the monotonic clock
   * (`performance.now()`). Failures are shared too: every joiner sees the error.
   */
  async run(key: string, arrivedAt: number, fetch: () => Promise<T>, now = () => performance.now()): Promise<{ answer: T; shared: boolean }> {
    const flight = this.flights.get(key);
    if (flight && flight.startedAt > arrivedAt) {
      this.joined += 1;
      return { answer: await flight.answer, shared: true };
    }
    const answer = fetch();
    const mine = { startedAt: now(), answer };
    this.flights.set(key, mine);
    try {
      return { answer: await answer, shared: false };
    } finally {
      // A later flight under the same key may have replaced this one: leave it in place.
      if (this.flights.get(key) === mine) this.flights.delete(key);
    }
  }

  /** Fetches answered by another request's fetch since start. */
  get sharedCount(): number {
    return this.joined;
  }

  get inFlight(): number {
    return this.flights.size;
  }
}
