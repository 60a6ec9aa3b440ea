import { Agent, request as httpRequest } from "node:http";
import type { Expectation, HostileRequest } from "./hostileRequests";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Outcome = { response: RawResponse; ms: number } | { transportError: string; ms: number; reusedSocket?: boolean };

/**
 * Sends every request over plain node:http (raw bytes, any method or header, chunked bodies), at
 * most `concurrency` in flight on keep-alive connections, and returns the outcomes in order.
 */
export async function sendAll(base: URL, requests: readonly HostileRequest[], concurrency: number, timeoutMs = 20_000): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const outcomes: Outcome[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      let outcome = await sendOne(agent, base, requests[index]!, timeoutMs);
      // A keep-alive connection the server closed as we reused it: sent again once, as clients do.
      if ("transportError" in outcome && outcome.reusedSocket) outcome = await sendOne(agent, base, requests[index]!, timeoutMs);
      outcomes[index] = outcome;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

function sendOne(agent: Agent, base: URL, hostile: HostileRequest, timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const chunked = Array.isArray(hostile.body);
    const headers: Record<string, string | string[]> = { ...hostile.headers };
    if (hostile.body !== undefined && !chunked) headers["content-length"] = String(Buffer.byteLength(hostile.body as string | Buffer));
    let request;
    try {
      request = httpRequest({ host: base.hostname, port: base.port, method: hostile.method, path: hostile.path, headers, agent, timeout: timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => settle({ response: { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }, ms: ms() }));
        response.on("error", (error) => settle({ transportError: `response: ${error.message}`, ms: ms() }));
      });
    } catch (error) {
      // The request could not even be written (a header Node refuses to send): a bug in the generator.
      settle({ transportError: `not sent: ${(error as Error).message}`, ms: ms() });
      return;
    }
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that answers before reading the whole body (413) may reset the connection while
    // we still write: the answer, if it came, is what counts.
    request.on("error", (error: NodeJS.ErrnoException) =>
      settle({ transportError: `${error.code ?? ""} ${error.message}`.trim(), ms: ms(), reusedSocket: request.reusedSocket && error.code === "ECONNRESET" }),
    );
    if (chunked) {
      for (const chunk of hostile.body as Buffer[]) request.write(chunk);
      request.end();
    } else {
      request.end(hostile.body);
    }
  });
}

interface ErrorBody {
  data?: unknown;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/** Why an answer is not a clear one for `hostile`, or null when it is. */
export function problemWith(hostile: HostileRequest, outcome: Outcome, allowedCodes: readonly string[]): string | null {
  if ("transportError" in outcome) return `no HTTP answer: ${outcome.transportError}`;
  const { status, body } = outcome.response;
  if (status >= 500) return `HTTP ${status}: ${snippet(body)}`;
  const expect: Expectation = hostile.expect;
  if (expect.kind === "status-only") return expect.status.includes(status) ? null : `HTTP ${status}, expected ${expect.status.join(" or ")}`;

  let json: ErrorBody;
  try {
    json = JSON.parse(body.toString("utf8")) as ErrorBody;
  } catch {
    return `HTTP ${status} with a body that is not JSON: ${snippet(body)}`;
  }
  if (typeof json !== "object" || json === null) return `HTTP ${status} with JSON that is not an object: ${snippet(body)}`;
  const errors = json.errors ?? [];
  if (!Array.isArray(errors)) return `HTTP ${status}: errors is not a list: ${snippet(body)}`;
  for (const error of errors) {
    if (typeof error?.message !== "string" || error.message.trim() === "") return `HTTP ${status}: an error without a message: ${snippet(body)}`;
    const code = error.extensions?.code;
    if (typeof code !== "string") return `HTTP ${status}: an error without extensions.code: ${snippet(body)}`;
    if (!allowedCodes.includes(code)) return `HTTP ${status}: code ${code} is not one a hostile request should get: ${snippet(body)}`;
  }
  const codes = errors.map((error) => error.extensions!.code as string);

  switch (expect.kind) {
    case "success":
      if (status !== 200 || errors.length > 0 || json.data == null) return `expected 200 with data, got HTTP ${status}: ${snippet(body)}`;
      return null;
    case "refused": {
      if (!expect.status.includes(status)) return `expected HTTP ${expect.status.join(" or ")} (${expect.codes.join(" or ")}), got HTTP ${status}: ${snippet(body)}`;
      if (errors.length === 0) return `HTTP ${status} without errors: ${snippet(body)}`;
      const unexpected = codes.find((code) => !expect.codes.includes(code));
      return unexpected ? `expected ${expect.codes.join(" or ")}, got ${unexpected} (HTTP ${status}): ${snippet(body)}` : null;
    }
    case "answered": {
      if (status === 200) {
        if (json.data === undefined && errors.length === 0) return `HTTP 200 without data or errors: ${snippet(body)}`;
      } else if (errors.length === 0) {
        return `HTTP ${status} without errors: ${snippet(body)}`;
      }
      const unexpected = codes.find((code) => !expect.codes.includes(code));
      return unexpected ? `expected ${expect.codes.length ? expect.codes.join(" or ") : "no error"}, got ${unexpected} (HTTP ${status}): ${snippet(body)}` : null;
    }
  }
}

function snippet(body: Buffer): string {
  const text = body.toString("utf8").replace(/\s+/g, " ");
  return text.length > 300 ? `${text.slice(0, 300)}… (${body.length} bytes)` : text || "(empty)";
}
