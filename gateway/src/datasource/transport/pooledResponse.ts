import type { Dispatcher } from "undici";
import type { FetcherResponse } from "./fetcher";

type ResponseHeaders = FetcherResponse["headers"];
type RawHeaders = Dispatcher.ResponseData["headers"];

/**
 * A subgraph's answer as RemoteGraphQLDataSource reads a fetch Response (status, `ok`, headers,
 * `json()` / `text()`), over what undici's `request` gives: the status, a plain object of
 * lower-cased headers and a Node stream of the body. No WHATWG Request, Response or web stream is
 * made, which is most of what `fetch` costs per call.
 */
export class PooledResponse implements FetcherResponse {
  readonly redirected = false;
  readonly headers: ResponseHeaders;
  private used = false;

  constructor(
    readonly url: string,
    private readonly data: Dispatcher.ResponseData,
  ) {
    this.headers = new PlainHeaders(data.headers);
  }

  get status(): number {
    return this.data.statusCode;
  }

  get ok(): boolean {
    return this.data.statusCode >= 200 && this.data.statusCode <= 299;
  }

  get statusText(): string {
    return "";
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  text(): Promise<string> {
    this.used = true;
    return this.data.body.text();
  }

  json(): Promise<any> {
    this.used = true;
    return this.data.body.json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    this.used = true;
    return this.data.body.arrayBuffer();
  }

  clone(): FetcherResponse {
    throw new Error("A subgraph response is read once; it cannot be cloned");
  }
}

/** The Headers interface over undici's plain, lower-cased header object (repeated headers joined by ", "). */
class PlainHeaders implements ResponseHeaders {
  private readonly byName = new Map<string, string>();

  constructor(raw: RawHeaders) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.byName.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
  }

  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.byName.set(name.toLowerCase(), value);
  }

  append(name: string, value: string): void {
    const existing = this.get(name);
    this.set(name, existing === null ? value : `${existing}, ${value}`);
  }

  delete(name: string): void {
    this.byName.delete(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return this.byName.entries();
  }

  keys(): IterableIterator<string> {
    return this.byName.keys();
  }

  values(): IterableIterator<string> {
    return this.byName.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.byName.entries();
  }
}
