import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";

/** What the proxy does with the connections it accepts. */
export type FaultMode = "pass" | "hang" | "status503";

export interface FaultProxyEvent {
  /** Date.now() when the request (status503, hang) or the connection (pass) arrived. */
  at: number;
  mode: FaultMode;
}

export interface FaultProxy {
  /** http://127.0.0.1:<port><path of the upstream URL>: what the gateway is pointed at. */
  url: string;
  port: number;
  readonly mode: FaultMode;
  /**
   * Switches the mode for everything that follows. Open connections are closed (the client sees
   * them drop), so a pooled keep-alive connection cannot carry the old mode on: the next request
   * opens a connection and meets the new mode.
   */
  setMode(mode: FaultMode): void;
  /** Connections passed through, and HTTP requests held or answered 503, with their times. */
  events: FaultProxyEvent[];
  close(): Promise<void>;
}

/**
 * A fault injector on 127.0.0.1 in front of one upstream HTTP server (a subgraph process):
 * - `pass`: a plain TCP relay, byte for byte, to the upstream;
 * - `hang`: accepts the connection and reads the request, never answers (a wedged process:
 *   the listen queue and the kernel still accept, nothing replies);
 * - `status503`: answers every HTTP request with 503 and a small JSON body, keep-alive
 *   (an overloaded process or a load balancer without a healthy backend).
 * The hang and 503 modes go through node's HTTP parser, so each request is counted, however
 * many a keep-alive connection carries.
 */
export async function startFaultProxy(upstreamUrl: string, initialMode: FaultMode = "pass"): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const upstreamPort = Number(upstream.port);
  let mode = initialMode;
  const events: FaultProxyEvent[] = [];
  const sockets = new Set<Socket>();

  const faulty = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    const requestMode = mode;
    events.push({ at: Date.now(), mode: requestMode });
    request.resume();
    if (requestMode === "status503") {
      request.on("end", () => {
        const body = JSON.stringify({ errors: [{ message: "Service Unavailable (fault proxy)" }] });
        response.writeHead(503, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        response.end(body);
      });
    }
    // hang: nothing, ever; the socket is destroyed by setMode or close.
  });
  // The held requests must not be cut by node's own timeouts: the client's time limit decides.
  faulty.requestTimeout = 0;
  faulty.headersTimeout = 0;
  faulty.keepAliveTimeout = 60_000;

  const relay: Server = createServer((client) => {
    track(client);
    if (mode !== "pass") {
      faulty.emit("connection", client);
      return;
    }
    events.push({ at: Date.now(), mode: "pass" });
    const server = connect(upstreamPort, upstream.hostname);
    track(server);
    client.pipe(server).pipe(client);
    const closeBoth = () => {
      client.destroy();
      server.destroy();
    };
    client.on("error", closeBoth).on("close", closeBoth);
    server.on("error", closeBoth).on("close", closeBoth);
  });

  function track(socket: Socket): void {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  }

  function dropConnections(): void {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  }

  await new Promise<void>((resolve, reject) => {
    relay.once("error", reject);
    relay.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = relay.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    port,
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
      dropConnections();
    },
    events,
    async close() {
      dropConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      faulty.close();
    },
  };
}
