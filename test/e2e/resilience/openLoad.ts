import { Agent, request } from "undici";

export interface LoadQuery {
  /** "scenario" touches the faulty subgraph, "control" only healthy ones. */
  kind: string;
  query: string;
}

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** One request of the load, as the client saw it. */
export interface Sample {
  slot: number;
  kind: string;
  /** Date.now() when the request was sent (comparable with the gateway's log times). */
  startedAt: number;
  latencyMs: number;
  /** HTTP status, or 0 when no response came (connection error, client time limit). */
  status: number;
  body?: GraphQLBody;
  /** The client-side failure when there was no response or the body was not JSON. */
  clientError?: string;
}

export interface OpenLoadOptions {
  url: string;
  /** Sent with every request (the client app's key and the person's token). */
  headers: Record<string, string>;
  /** Request slots started per second, whatever happens to earlier ones (open loop). */
  slotsPerSecond: number;
  /** Hard cap: the load stops by itself after this many slots. */
  maxSlots: number;
  /** Sent together at each slot. */
  queries: LoadQuery[];
  /** A request still unanswered after this is abandoned and recorded with status 0. */
  requestTimeoutMs: number;
}

export interface OpenLoad {
  samples: Sample[];
  /** Slots started so far. */
  readonly slots: number;
  /** No new slots; resolves when every request in flight has been answered or abandoned. */
  stop(): Promise<void>;
  /** Resolves when the load has ended (stopped, or its cap reached) and nothing is in flight. */
  done: Promise<void>;
}

/**
 * A bounded open-loop load: slot n starts at start + n / slotsPerSecond seconds whether or not
 * earlier requests have been answered, so a slow or hanging subgraph cannot lower the offered
 * rate (a closed-loop tool such as autocannon waits for a connection's answer before sending
 * the next request, and under a hang would measure mostly nothing: coordinated omission).
 * Requests go over undici with an unlimited pool, each with its own time limit.
 */
export function startOpenLoad(options: OpenLoadOptions): OpenLoad {
  const agent = new Agent({ connections: null, keepAliveTimeout: 4000 });
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / options.slotsPerSecond;
  const started = performance.now();
  let slot = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));

  const send = async (slotNumber: number, query: LoadQuery) => {
    const startedAt = Date.now();
    const t0 = performance.now();
    const sample: Sample = { slot: slotNumber, kind: query.kind, startedAt, latencyMs: 0, status: 0 };
    try {
      const response = await request(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify({ query: query.query }),
        dispatcher: agent,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      sample.status = response.statusCode;
      const text = await response.body.text();
      try {
        sample.body = JSON.parse(text) as GraphQLBody;
      } catch {
        sample.clientError = `not JSON: ${text.slice(0, 200)}`;
      }
    } catch (error) {
      sample.clientError = (error as Error).message;
    }
    sample.latencyMs = performance.now() - t0;
    samples.push(sample);
  };

  const tick = () => {
    if (stopped) return;
    const slotNumber = slot++;
    for (const query of options.queries) {
      const pending = send(slotNumber, query).finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    }
    if (slot >= options.maxSlots) {
      void end();
      return;
    }
    timer = setTimeout(tick, Math.max(0, started + slot * intervalMs - performance.now()));
  };

  const end = async () => {
    stopped = true;
    clearTimeout(timer);
    while (inFlight.size) await Promise.allSettled([...inFlight]);
    await agent.close();
    finish();
  };

  tick();
  return {
    samples,
    get slots() {
      return slot;
    },
    async stop() {
      if (!stopped) void end();
      await ended;
    },
    done: ended,
  };
}
