import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { captureLogs } from "../../../../test/gateway/support/captureLogs";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../../../test/support/redisServerProcess";
import { SubgraphClient } from "../serviceClient";
import { createBackgroundTaskRunner, createInvalidationPublisher, type InvalidationPublisher } from "./backgroundInvalidations";
import { INVALIDATIONS_CHANNEL, type InvalidationMessage, parseInvalidationMessage } from "@platform/invalidation";
import { collectedInvalidations, collectInvalidations, reportInvalidation } from "./invalidations";

/** Remembers what it was asked to publish; fails while `failing` is set. */
function recordingPublisher(): InvalidationPublisher & { published: InvalidationMessage[]; failing: boolean } {
  return {
    kind: "redis",
    published: [],
    failing: false,
    async publish(message) {
      if (this.failing) throw new Error("Redis is away");
      this.published.push(message);
    },
    async close() {},
  };
}

describe("the background task runner", () => {
  it("publishes the tags a task reported, each once, naming the subgraph, after the task is done", async () => {
    const publisher = recordingPublisher();
    const run = createBackgroundTaskRunner({ source: "orders", publisher, logger: captureLogs().logger });
    const result = await run(async () => {
      reportInvalidation("e:ProductVariant:{\"sku\":\"A\"}", "r:inventory");
      await new Promise((resolve) => setTimeout(resolve, 5));
      reportInvalidation("r:inventory");
      expect(publisher.published).toEqual([]);
      return 42;
    });
    expect(result).toBe(42);
    expect(publisher.published).toEqual([{ source: "orders", tags: ['e:ProductVariant:{"sku":"A"}', "r:inventory"], publishedAt: expect.any(String) }]);
  });

  it("publishes nothing for a task that changed nothing", async () => {
    const publisher = recordingPublisher();
    await createBackgroundTaskRunner({ source: "orders", publisher, logger: captureLogs().logger })(async () => undefined);
    expect(publisher.published).toEqual([]);
  });

  it("publishes what a failing task reported before it failed, and passes the failure on", async () => {
    const publisher = recordingPublisher();
    const run = createBackgroundTaskRunner({ source: "orders", publisher, logger: captureLogs().logger });
    await expect(
      run(async () => {
        reportInvalidation("r:inventory");
        throw new Error("second release failed");
      }),
    ).rejects.toThrow("second release failed");
    expect(publisher.published.map((message) => message.tags)).toEqual([["r:inventory"]]);
  });

  it("keeps its tags apart from a request's whose async context it started in (a timer set during a request)", async () => {
    const publisher = recordingPublisher();
    const run = createBackgroundTaskRunner({ source: "orders", publisher, logger: captureLogs().logger });
    let scheduled!: Promise<void>;
    const requestTags = await collectInvalidations(async () => {
      reportInvalidation("r:orders");
      scheduled = new Promise((resolve) => setTimeout(() => resolve(run(async () => reportInvalidation("r:inventory"))), 5));
      return collectedInvalidations();
    });
    await scheduled;
    expect(requestTags).toEqual(["r:orders"]);
    expect(publisher.published.map((message) => message.tags)).toEqual([["r:inventory"]]);
  });

  it("publishes the tags a subgraph reports in a service call's answer (SubgraphClient)", async () => {
    const inventory: Server = createServer((request, response) => {
      request.resume().on("end", () => {
        response.setHeader("content-type", "application/json");
        response.setHeader("connection", "close");
        response.end(JSON.stringify({ data: { releaseStockReservation: { reference: "o-1" } }, extensions: { invalidates: ['e:ProductVariant:{"sku":"A"}'] } }));
      });
    });
    await new Promise<void>((resolve) => inventory.listen(0, "127.0.0.1", resolve));
    try {
      const client = new SubgraphClient("inventory", { url: `http://127.0.0.1:${(inventory.address() as AddressInfo).port}/graphql` });
      const publisher = recordingPublisher();
      await createBackgroundTaskRunner({ source: "orders", publisher, logger: captureLogs().logger })(() => client.query(`mutation { releaseStockReservation(reference: "o-1") { reference } }`));
      expect(publisher.published.map((message) => message.tags)).toEqual([['e:ProductVariant:{"sku":"A"}']]);
    } finally {
      await new Promise((resolve) => inventory.close(resolve));
    }
  });

  it("never fails the task when publishing fails: warns once per outage, and says when it publishes again", async () => {
    const logs = captureLogs();
    const publisher = recordingPublisher();
    const run = createBackgroundTaskRunner({ source: "orders", publisher, logger: logs.logger });
    publisher.failing = true;
    for (let attempt = 0; attempt < 3; attempt++) expect(await run(async () => (reportInvalidation("r:inventory"), "done"))).toBe("done");
    expect(logs.records.filter((record) => record.level === 40).map((record) => record.msg)).toEqual([
      "cannot publish background invalidations; cached answers may be stale until their TTL",
    ]);
    publisher.failing = false;
    await run(async () => reportInvalidation("r:inventory"));
    expect(publisher.published).toHaveLength(1);
    expect(logs.records.at(-1)?.msg).toBe("background invalidations are being published again");
  });

  it("without Redis publishes nothing and fails nothing (the gateways' TTL is the backstop)", async () => {
    const publisher = createInvalidationPublisher(undefined);
    expect(publisher.kind).toBe("none");
    await expect(createBackgroundTaskRunner({ source: "orders", publisher, logger: captureLogs().logger })(async () => reportInvalidation("r:inventory"))).resolves.toBeUndefined();
  });
});

describe("invalidation messages", () => {
  it("are read back as published, and anything else is refused", () => {
    const message: InvalidationMessage = { source: "orders", tags: ["r:inventory"], publishedAt: "2030-01-01T00:00:00.000Z" };
    expect(parseInvalidationMessage(JSON.stringify(message))).toEqual(message);
    expect(parseInvalidationMessage("not json")).toBeUndefined();
    expect(parseInvalidationMessage("null")).toBeUndefined();
    expect(parseInvalidationMessage(JSON.stringify({ source: "orders", tags: "r:inventory" }))).toBeUndefined();
    expect(parseInvalidationMessage(JSON.stringify({ source: "orders", tags: [1] }))).toBeUndefined();
  });
});

(redisServerAvailable() ? describe : describe.skip)("the Redis invalidation publisher (a redis-server of the test's own)", () => {
  let redis: RedisServerProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it("announces the tags on commerce:invalidations", async () => {
    const subscriber = new Redis(redis.url);
    const publisher = createInvalidationPublisher(redis.url);
    try {
      const heard: string[] = [];
      subscriber.on("message", (channel: string, message: string) => heard.push(`${channel} ${message}`));
      await subscriber.subscribe(INVALIDATIONS_CHANNEL);
      const message: InvalidationMessage = { source: "orders", tags: ["r:inventory"], publishedAt: new Date().toISOString() };
      await publisher.publish(message);
      for (let attempt = 0; attempt < 50 && heard.length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toEqual([`${INVALIDATIONS_CHANNEL} ${JSON.stringify(message)}`]);
    } finally {
      subscriber.disconnect();
      await publisher.close();
    }
  });

  it("fails a publish at once, rather than queueing it, while Redis is away", async () => {
    const publisher = createInvalidationPublisher(redis.url);
    try {
      await redis.kill();
      const started = Date.now();
      await expect(publisher.publish({ source: "orders", tags: ["r:inventory"], publishedAt: "" })).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await publisher.close();
      await redis.restart();
    }
  });
});
