import { connect, type Socket } from "node:net";

/**
 * A client that speaks HTTP/1.1 by hand over a raw TCP socket, for what `fetch` cannot do: send
 * headers or a body slowly, or not at all, hold a connection idle, drop a request half-way.
 * Every wait is bounded: a wait that runs out rejects, naming what it waited for.
 */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Writes bytes as they are (no framing added). */
  write(data: string): Promise<void>;
  /** Resolves once the server has sent a whole response (status line, headers, and `content-length` bytes of body). */
  response(withinMs: number): Promise<RawResponse>;
  /** Resolves once the connection is closed (by either side), with how long that took from this call. */
  closed(withinMs: number): Promise<{ afterMs: number; received: string }>;
  /** Whether the connection is closed already. */
  isClosed(): boolean;
  /** Drops the connection at once (a client that goes away). */
  destroy(): void;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body as JSON (throws if it is not JSON). */
  json(): any;
}

/** Opens a TCP connection to 127.0.0.1:`port`; resolves once connected. */
export function openRawConnection(port: number, host = "127.0.0.1", withinMs = 3000): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let received = "";
    let closed = false;
    const closeWaiters: (() => void)[] = [];
    const dataWaiters: (() => void)[] = [];
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
      for (const waiter of dataWaiters.splice(0)) waiter();
    });
    // A reset (ECONNRESET) counts as closed: the server refused or dropped the connection.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      for (const waiter of [...closeWaiters.splice(0), ...dataWaiters.splice(0)]) waiter();
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`could not connect to ${host}:${port} within ${withinMs} ms`));
    }, withinMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(connection);
    });

    const connection: RawConnection = {
      socket,
      received: () => received,
      isClosed: () => closed,
      write: (data) =>
        new Promise((done, fail) => {
          socket.write(data, (error) => (error ? fail(error) : done()));
        }),
      destroy: () => socket.destroy(),
      closed(limitMs) {
        const started = performance.now();
        return new Promise((done, fail) => {
          const finish = () => {
            clearTimeout(expiry);
            done({ afterMs: performance.now() - started, received });
          };
          const expiry = setTimeout(() => fail(new Error(`the server did not close the connection within ${limitMs} ms (received ${JSON.stringify(received)})`)), limitMs);
          if (closed) finish();
          else closeWaiters.push(finish);
        });
      },
      response(limitMs) {
        return new Promise((done, fail) => {
          const expiry = setTimeout(() => fail(new Error(`no whole response within ${limitMs} ms (received ${JSON.stringify(received)})`)), limitMs);
          const check = () => {
            const parsed = parseRawResponse(received);
            if (parsed) {
              clearTimeout(expiry);
              done(parsed);
            } else if (closed) {
              clearTimeout(expiry);
              fail(new Error(`the connection closed before a whole response (received ${JSON.stringify(received)})`));
            } else dataWaiters.push(check);
          };
          check();
        });
      },
    };
  });
}

/** The first whole HTTP response in `text`, or undefined while it is incomplete. */
export function parseRawResponse(text: string): RawResponse | undefined {
  const headerEnd = text.indexOf("\r\n\r\n");
  if (headerEnd < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, headerEnd).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  const body = text.slice(headerEnd + 4);
  if (Buffer.byteLength(body) < length) return undefined;
  return { status, headers, body, json: () => JSON.parse(body) };
}

/** Polls `condition` every 25 ms until it holds; rejects after `withinMs`, naming `what`. */
export async function eventually(condition: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
