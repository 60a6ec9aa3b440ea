import type { Server } from "node:http";
import { Writable } from "node:stream";
import { ApolloServer } from "@apollo/server";
import pino from "pino";
import { eventually, openRawConnection, type RawConnection } from "../../../test/support/rawSockets";
import {
  applyHttpServerLimits,
  close,
  connectionsCheckingIntervalMs,
  createGraphQLHttpServer,
  type HttpServerLimits,
  httpServerReport,
  listen,
  sendJson,
  validateHttpServerLimits,
} from ".";

/**
 * The HTTP adapter's limits against real slow clients over raw sockets. The limits are short
 * (half a second to a second); the bounds asserted are generous (a few seconds), enough to prove
 * a limit applies (Node's own checker would take up to 30 s) without timing anything finely.
 */
interface LogLine {
  level: number;
  msg: string;
}

class TestServer {
  readonly lines: LogLine[] = [];
  server!: Server;
  port!: number;
  private apollo!: ApolloServer;
  /** Resolves the `slow` field, which waits until a test lets it answer. */
  releaseSlow: () => void = () => undefined;
  slowStarted = false;

  async start(limits: HttpServerLimits): Promise<this> {
    const lines = this.lines;
    const logger = pino(
      { level: "debug" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
          done();
        },
      }),
    );
    this.apollo = new ApolloServer({
      typeDefs: "type Query { hello: String! slow: String! }",
      resolvers: {
        Query: {
          hello: () => "hello",
          slow: () =>
            new Promise<string>((resolve) => {
              this.slowStarted = true;
              this.releaseSlow = () => resolve("late");
            }),
        },
      },
    });
    await this.apollo.start();
    this.server = createGraphQLHttpServer({
      apollo: this.apollo,
      logger,
      context: async () => ({}),
      limits,
      routes: [
        (request, response) => {
          if (request.url !== "/health") return false;
          sendJson(response, 200, { http: httpServerReport(this.server) });
          return true;
        },
      ],
    });
    this.port = await listen(this.server, 0, "127.0.0.1");
    return this;
  }

  connect(): Promise<RawConnection> {
    return openRawConnection(this.port);
  }

  counts() {
    return httpServerReport(this.server).counts;
  }

  errorLines(): LogLine[] {
    return this.lines.filter((line) => line.level >= 50);
  }

  async stop(): Promise<void> {
    this.releaseSlow();
    this.server.closeAllConnections();
    await close(this.server);
    await this.apollo.stop();
  }
}

const SHORT: HttpServerLimits = { headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 500, maxConnections: 0 };

describe("HTTP server limits against slow clients", () => {
  let test: TestServer;
  const open: RawConnection[] = [];

  beforeAll(async () => {
    test = await new TestServer().start(SHORT);
  });

  afterEach(() => {
    for (const connection of open.splice(0)) connection.destroy();
  });

  afterAll(async () => {
    await test?.stop();
  });

  async function connect(): Promise<RawConnection> {
    const connection = await test.connect();
    open.push(connection);
    return connection;
  }

  it("checks the timeouts often enough for short limits to fire within about a second", () => {
    expect(connectionsCheckingIntervalMs(SHORT)).toBe(125);
    expect(connectionsCheckingIntervalMs({ ...SHORT, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 })).toBe(1000);
  });

  it("answers headers that never finish with a JSON 408 and closes the connection, within the limit", async () => {
    const client = await connect();
    await client.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n");
    const response = await client.response(3000);
    expect(response.status).toBe(408);
    expect(response.json()).toEqual({ errors: [{ message: "The request's headers did not arrive within 500 ms", extensions: { code: "REQUEST_TIMEOUT" } }] });
    await client.closed(1000);
  });

  it("answers a connection that sends nothing at all with 408 too", async () => {
    const client = await connect();
    const response = await client.response(3000);
    expect(response.status).toBe(408);
    await client.closed(1000);
  });

  it("answers a body that never finishes with a JSON 408, within the request limit, and logs no error", async () => {
    const before = test.counts().timedOut;
    const client = await connect();
    await client.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"query\":");
    const response = await client.response(3500);
    expect(response.status).toBe(408);
    expect(response.json().errors[0]).toEqual({ message: "The request's body did not arrive within 1000 ms", extensions: { code: "REQUEST_TIMEOUT" } });
    await client.closed(1000);
    expect(test.counts().timedOut).toBe(before + 1);
    expect(test.errorLines()).toEqual([]);
  });

  it("closes an idle keep-alive connection after the keep-alive timeout, having served it", async () => {
    const client = await connect();
    await client.write("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    const response = await client.response(2000);
    expect(response.status).toBe(200);
    const { afterMs } = await client.closed(3000);
    expect(afterMs).toBeLessThan(3000);
  });

  it("counts a request dropped mid-body as aborted, with a debug line and no error", async () => {
    const before = test.counts().aborted;
    const client = await connect();
    await client.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"query\":");
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.destroy();
    await eventually(() => test.counts().aborted === before + 1, 2000, "the aborted request counted");
    expect(test.errorLines()).toEqual([]);
    expect(test.lines).toContainEqual(expect.objectContaining({ level: 20, msg: "client went away before its request was answered" }));
  });

  it("counts a request dropped while it is being answered as aborted, and logs no error", async () => {
    const before = test.counts().aborted;
    const client = await connect();
    const body = JSON.stringify({ query: "{ slow }" });
    await client.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    await eventually(() => test.slowStarted, 2000, "the slow resolver started");
    client.destroy();
    await eventually(() => test.counts().aborted === before + 1, 2000, "the aborted request counted");
    test.releaseSlow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(test.errorLines()).toEqual([]);
  });

  it("reports the limits and the counts", async () => {
    const report = (await (await fetch(`http://127.0.0.1:${test.port}/health`)).json()) as { http: unknown };
    expect(report.http).toEqual({
      limits: SHORT,
      counts: { aborted: expect.any(Number), timedOut: expect.any(Number), refusedConnections: 0 },
    });
    const { counts } = httpServerReport(test.server);
    expect(counts.timedOut).toBeGreaterThanOrEqual(3);
    expect(counts.aborted).toBeGreaterThanOrEqual(2);
  });
});

describe("HTTP server connection limit", () => {
  let test: TestServer;
  const open: RawConnection[] = [];

  beforeAll(async () => {
    // Long timeouts: the held connections must stay open while the test runs.
    test = await new TestServer().start({ headersTimeoutMs: 20_000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 20_000, maxConnections: 3 });
  });

  afterAll(async () => {
    for (const connection of open) connection.destroy();
    await test?.stop();
  });

  it("refuses connections beyond the limit, counts them, and serves again once one is closed", async () => {
    for (let i = 0; i < 3; i++) open.push(await test.connect());
    // Node accepts, then closes at once: the client sees its connection closed, with no answer.
    const refused = await test.connect();
    const { received } = await refused.closed(2000);
    expect(received).toBe("");
    await eventually(() => test.counts().refusedConnections === 1, 2000, "the refused connection counted");

    open.shift()!.destroy();
    const connections = () => new Promise<number>((resolve) => test.server.getConnections((_error, count) => resolve(count)));
    await eventually(async () => (await connections()) === 2, 2000, "the server saw the close");
    const served = await test.connect();
    open.push(served);
    await served.write("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    const response = await served.response(2000);
    expect(response.status).toBe(200);
    expect(response.json().http.counts.refusedConnections).toBe(1);
  });
});

describe("applyHttpServerLimits", () => {
  it("refuses limits Node cannot honour, or that leave a server open to slow clients", () => {
    expect(() => validateHttpServerLimits({ ...SHORT, headersTimeoutMs: 2000 })).toThrow(/headersTimeoutMs \(2000\) must not exceed requestTimeoutMs \(1000\)/);
    expect(() => validateHttpServerLimits({ ...SHORT, keepAliveTimeoutMs: 0 })).toThrow(/must be positive/);
    expect(() => validateHttpServerLimits({ ...SHORT, maxConnections: -1 })).toThrow(/maxConnections/);
  });

  it("must be applied before the server listens", async () => {
    const test = await new TestServer().start(SHORT);
    try {
      expect(() => applyHttpServerLimits(test.server, SHORT)).toThrow(/before the server listens/);
    } finally {
      await test.stop();
    }
  });
});
