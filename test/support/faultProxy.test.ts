import { createServer, type Server } from "node:http";
import { Agent, request } from "undici";
import { type FaultProxy, startFaultProxy } from "./faultProxy";

/** The fault proxy against a real HTTP upstream, over real sockets. */
describe("the fault proxy", () => {
  let upstream: Server;
  let upstreamUrl: string;
  let proxy: FaultProxy;
  let agent: Agent;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.end(JSON.stringify({ data: { path: req.url } })));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/graphql`;
  });

  beforeEach(async () => {
    proxy = await startFaultProxy(upstreamUrl);
    agent = new Agent({ keepAliveTimeout: 10_000 });
  });

  afterEach(async () => {
    await agent.close();
    await proxy.close();
  });

  afterAll(async () => {
    await new Promise((resolve) => upstream.close(resolve));
  });

  const post = (timeoutMs = 2000) =>
    request(proxy.url, { method: "POST", body: "{}", dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) }).then(async (response) => ({
      status: response.statusCode,
      body: await response.body.text(),
    }));

  it("passes requests through to the upstream, keeping its path", async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(await post()).toEqual({ status: 200, body: JSON.stringify({ data: { path: "/graphql" } }) });
    expect(proxy.events.map((event) => event.mode)).toEqual(["pass"]);
  });

  it("answers 503 to every request, on the same keep-alive connection too", async () => {
    proxy.setMode("status503");
    const answers = [await post(), await post(), await post()];
    expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503]);
    expect(JSON.parse(answers[0]!.body).errors[0].message).toMatch(/Service Unavailable/);
    expect(proxy.events.filter((event) => event.mode === "status503")).toHaveLength(3);
  });

  it("holds a request without answering until the client gives up, counting it", async () => {
    proxy.setMode("hang");
    const started = performance.now();
    await expect(post(300)).rejects.toThrow(/abort|timeout/i);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(proxy.events.map((event) => event.mode)).toEqual(["hang"]);
  });

  it("applies a new mode to a connection the client kept alive, and drops held requests on a switch", async () => {
    expect((await post()).status).toBe(200); // a pooled connection now exists
    proxy.setMode("status503");
    expect((await post()).status).toBe(503);
    proxy.setMode("hang");
    const held = post(5000);
    await waitFor(() => proxy.events.some((event) => event.mode === "hang"));
    const switched = performance.now();
    proxy.setMode("pass");
    await expect(held).rejects.toThrow(); // the held connection was closed, not left to time out
    expect(performance.now() - switched).toBeLessThan(1000);
    expect((await post()).status).toBe(200);
  });
});

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
