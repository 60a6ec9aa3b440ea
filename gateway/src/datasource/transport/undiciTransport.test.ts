import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTransport, type SubgraphTransport } from "./undiciTransport";

/** The transport against a real HTTP server on 127.0.0.1: what RemoteGraphQLDataSource reads of an answer. */
describe("createTransport", () => {
  let server: Server;
  let url: string;
  let transport: SubgraphTransport;
  const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        seen.push({ method: request.method, url: request.url, headers: request.headers, body });
        if (request.url?.startsWith("/text")) {
          response.writeHead(503, { "content-type": "text/plain" });
          response.end("down for maintenance");
          return;
        }
        response.setHeader("Cache-Control", "max-age=60, public");
        response.setHeader("Set-Cookie", ["a=1", "b=2"]);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ data: { ok: true } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?x=1`;
    transport = createTransport();
  });

  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends the method, path with query, headers and body, and answers status, headers and JSON", async () => {
    const response = await transport.fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-commerce-channel": "WEB" }, body: '{"query":"{ ok }"}' });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/graphql?x=1", headers: { "x-commerce-channel": "WEB" }, body: '{"query":"{ ok }"}' });
    expect({ status: response.status, ok: response.ok, url: response.url }).toEqual({ status: 200, ok: true, url });
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("max-age=60, public");
    expect(response.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(response.headers.has("X-Missing")).toBe(false);
    expect([...response.headers].map(([name]) => name)).toEqual(expect.arrayContaining(["content-type", "cache-control"]));
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(response.bodyUsed).toBe(true);
  });

  it("answers a 5xx as a response (the data source decides), its body readable as text", async () => {
    const response = await transport.fetch(url.replace("/graphql", "/text"), { method: "POST", body: "{}" });
    expect({ status: response.status, ok: response.ok }).toEqual({ status: 503, ok: false });
    expect(await response.text()).toBe("down for maintenance");
  });

  it("rejects when the signal aborts, and with a system error code when nothing listens", async () => {
    const controller = new AbortController();
    controller.abort(new Error("deadline"));
    await expect(transport.fetch(url, { method: "POST", body: "{}", signal: controller.signal })).rejects.toThrow("deadline");
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(transport.fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", body: "{}" })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
