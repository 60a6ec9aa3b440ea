import { InFlightQueries } from "./inFlightQueries";

/** A fetch that answers when told to, counting how often it ran. */
function controllable<T>() {
  let calls = 0;
  const pending: { resolve(value: T): void; reject(error: unknown): void }[] = [];
  return {
    fetch: () => {
      calls += 1;
      return new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
    },
    calls: () => calls,
    answer: (value: T) => pending.shift()!.resolve(value),
    fail: (error: unknown) => pending.shift()!.reject(error),
  };
}

describe("InFlightQueries", () => {
  it("lets a request that arrived before the fetch started share it", async () => {
    const flights = new InFlightQueries<string>();
    const fetch = controllable<string>();
    const first = flights.run("k", 100, fetch.fetch, () => 105);
    const second = flights.run("k", 104.5, fetch.fetch, () => 106);
    fetch.answer("data");
    await expect(first).resolves.toEqual({ answer: "data", shared: false });
    await expect(second).resolves.toEqual({ answer: "data", shared: true });
    expect(fetch.calls()).toBe(1);
    expect(flights.sharedCount).toBe(1);
    expect(flights.inFlight).toBe(0);
  });

  it("never lets a request join a fetch that started before it arrived: it fetches anew", async () => {
    const flights = new InFlightQueries<string>();
    const fetch = controllable<string>();
    const early = flights.run("k", 100, fetch.fetch, () => 100);
    // Arrived at 101, after the flight started at 100: a write acknowledged at 100.5 may be missing from it.
    // Arriving at the very instant it started is not enough either.
    const late = flights.run("k", 101, fetch.fetch, () => 102);
    const sameInstant = flights.run("k", 102, fetch.fetch, () => 103);
    expect(fetch.calls()).toBe(3);
    fetch.answer("before the write");
    fetch.answer("after the write");
    fetch.answer("later still");
    await expect(early).resolves.toEqual({ answer: "before the write", shared: false });
    await expect(late).resolves.toEqual({ answer: "after the write", shared: false });
    await expect(sameInstant).resolves.toEqual({ answer: "later still", shared: false });
    expect(flights.inFlight).toBe(0);
  });

  it("keeps different keys apart", async () => {
    const flights = new InFlightQueries<string>();
    const fetch = controllable<string>();
    const a = flights.run("customer A", 0, fetch.fetch, () => 1);
    const b = flights.run("customer B", 0.5, fetch.fetch, () => 1);
    fetch.answer("A's");
    fetch.answer("B's");
    await expect(Promise.all([a, b])).resolves.toEqual([
      { answer: "A's", shared: false },
      { answer: "B's", shared: false },
    ]);
  });

  it("shares a failure with every joiner, then forgets the flight", async () => {
    const flights = new InFlightQueries<string>();
    const fetch = controllable<string>();
    const first = flights.run("k", 0, fetch.fetch, () => 1);
    const second = flights.run("k", 0, fetch.fetch, () => 1);
    fetch.fail(new Error("subgraph down"));
    await expect(first).rejects.toThrow("subgraph down");
    await expect(second).rejects.toThrow("subgraph down");
    expect(flights.inFlight).toBe(0);
    const again = flights.run("k", 0.5, fetch.fetch, () => 2);
    fetch.answer("back");
    await expect(again).resolves.toEqual({ answer: "back", shared: false });
    expect(fetch.calls()).toBe(2);
  });
});
