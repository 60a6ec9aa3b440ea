import type { BaseContext } from "@apollo/server";
import type { CallerIdentity } from "@platform/caller";

/**
 * One client request's context, created once when the request arrives and handed explicitly to
 * every step: interceptors, Apollo Server (its `contextValue`), the plugins, the data sources and
 * their fetch observers. Its core is what every step may read (when the request arrived, who it
 * is from); each capability keeps its own state in a typed part (`ContextPart`).
 */
export interface GatewayContext extends BaseContext {
  /** When the HTTP server began the request, on the monotonic clock (`performance.now()`). */
  readonly receivedAt: number;
  /** Who the request is from: set once by authentication, before anything else reads it. */
  caller?: CallerIdentity;
  /** The capabilities' parts, by ContextPart (read them with `part.of(context)`). */
  readonly parts: Map<ContextPart<unknown>, unknown>;
}

export function createGatewayContext(receivedAt: number = performance.now()): GatewayContext {
  return { receivedAt, parts: new Map() };
}

/**
 * A capability's typed state in the request context (the cache's record of tags, the deadline,
 * the customers a request erased), created on first use, so the core never needs to know it.
 */
export class ContextPart<T> {
  constructor(
    readonly name: string,
    private readonly create: (context: GatewayContext) => T,
  ) {}

  /** This part of the request's context, created by the first step that reads it. */
  of(context: GatewayContext): T {
    if (context.parts.has(this)) return context.parts.get(this) as T; // only `of` and `set` write under this key, always a T
    const value = this.create(context);
    context.parts.set(this, value);
    return value;
  }

  /** Gives this part of the request's context its value (instead of the one it would be created with). */
  set(context: GatewayContext, value: T): void {
    context.parts.set(this, value);
  }
}
