import type { Server } from "node:http";
import { connect } from "node:net";
import { ApolloServer } from "@apollo/server";
import { createLogger } from "../logging";
import { appendVary, close, createGraphQLHttpServer, listen, sendJson } from ".";

describe("GraphQL HTTP server", () => {
  let apollo: ApolloServer;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    apollo = new ApolloServer({ typeDefs: "type Query { hello(name: String!): String! }", resolvers: { Query: { hello: (_: unknown, { name }: { name: string }) => `hello ${name}` } } });
    await apollo.start();
    server = createGraphQLHttpServer({
      apollo,
      logger: createLogger("test", "silent"),
      context: async () => ({}),
      bodyLimitBytes: 1024,
      routes: [(request, response) => request.url === "/ping" && (sendJson(response, 200, { pong: true }), true)],
      // As CORS does: headers for every answer, whoever makes it.
      decorate: (_request, response) => {
        response.setHeader("x-decorated", "yes");
        appendVary(response, "Origin");
      },
      // An answer's own Vary is merged with the decoration's.
      intercept: async (exchange) => {
        const answer = await exchange.execute();
        answer.headers.set("vary", "origin, Accept-Encoding");
        return answer;
      },
    });
    base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  });

  afterAll(async () => {
    await close(server);
    await apollo.stop();
  });

  const post = (body: string, contentType = "application/json") =>
    fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": contentType }, body });

  it("serves GraphQL", async () => {
    const response = await post(JSON.stringify({ query: '{ hello(name: "kiosk") }' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hello: "hello kiosk" } });
  });

  it("answers extra routes before GraphQL", async () => {
    expect(await (await fetch(`${base}/ping`)).json()).toEqual({ pong: true });
  });

  it("rejects malformed JSON with 400 and a reason", async () => {
    const response = await post("{ not json");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("BAD_REQUEST");
    expect(body.errors[0]!.message).toMatch(/not valid JSON/);
  });

  it("rejects a body over the limit with 413", async () => {
    const response = await post(JSON.stringify({ query: `{ hello(name: "${"x".repeat(2000)}") }` }));
    expect(response.status).toBe(413);
  });

  it("leaves other content types to Apollo, which answers 4xx", async () => {
    const response = await post("{ hello }", "text/plain");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it("answers headers over Node's limit with a JSON 431, and a malformed request with a JSON 400", async () => {
    const tooLarge = await rawExchange(`GET /graphql HTTP/1.1\r\nhost: x\r\nx-padding: ${"p".repeat(20_000)}\r\n\r\n`);
    expect(tooLarge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(tooLarge.split("\r\n\r\n")[1]!).errors[0].extensions.code).toBe("BAD_REQUEST");
    const malformed = await rawExchange("GET /graphql HTTP/1.1\r\nbad header line\r\n\r\n");
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(malformed.split("\r\n\r\n")[1]!).errors[0].message).toMatch(/Malformed HTTP request/);
  });

  /** Writes raw bytes on a new connection and resolves with everything the server sent back. */
  function rawExchange(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(new URL(base).port), "127.0.0.1", () => socket.write(request));
      let received = "";
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("end", () => resolve(received));
      socket.on("error", reject);
    });
  }

  it("decorates every answer, the routes', its own refusals and GraphQL's, merging Vary", async () => {
    const answers = {
      graphql: await post(JSON.stringify({ query: '{ hello(name: "kiosk") }' })),
      route: await fetch(`${base}/ping`),
      malformed: await post("{ not json"),
      tooLarge: await post(JSON.stringify({ query: `{ hello(name: "${"x".repeat(2000)}") }` })),
      notFound: await fetch(`${base}/nowhere`),
    };
    const seen = Object.fromEntries(Object.entries(answers).map(([name, response]) => [name, [response.status, response.headers.get("x-decorated"), response.headers.get("vary")]]));
    expect(seen).toEqual({
      graphql: [200, "yes", "Origin, Accept-Encoding"],
      route: [200, "yes", "Origin"],
      malformed: [400, "yes", "Origin"],
      tooLarge: [413, "yes", "Origin"],
      notFound: [404, "yes", "Origin"],
    });
  });

  it("answers 404 off the GraphQL path", async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});
