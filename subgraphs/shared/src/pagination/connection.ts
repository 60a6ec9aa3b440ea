import { type ClassType, Directive, Field, Int, ObjectType } from "type-graphql";
import { CacheControl, CacheHint } from "../cache/cacheHints";
import { badUserInput } from "@platform/errors";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: "Where a page sits in a cursor connection." })
@Directive("@shareable")
@CacheControl(CacheHint.inherit)
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor!: string | null;
}

export interface Edge<TNode> {
  cursor: string;
  node: TNode;
}

export interface Connection<TNode> {
  edges: Edge<TNode>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * The `XConnection` and `XEdge` object types for a node type, named after `name`. Both inherit
 * the hint of the field that returns the connection: give that field its @cacheControl.
 */
export function ConnectionType<TNode extends object>(NodeType: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`)
  @CacheControl(CacheHint.inherit)
  class EdgeType implements Edge<TNode> {
    @Field(() => String)
    cursor!: string;

    @Field(() => NodeType)
    node!: TNode;
  }

  @ObjectType(`${name}Connection`)
  @CacheControl(CacheHint.inherit)
  class ConnectionClass implements Connection<TNode> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many nodes match, across all pages." })
    totalCount!: number;
  }
  return ConnectionClass;
}

/** Validates `first`: a page size from 1 to MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE when omitted. */
export function pageSize(first: number | null | undefined, argument = "first"): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"${argument}" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, argument);
  }
  return first;
}

/**
 * Builds a connection from rows fetched with `take: size + 1` (the extra row only tells
 * whether another page follows).
 */
export function toConnection<TRow, TNode = TRow>(
  rows: TRow[],
  size: number,
  totalCount: number,
  cursorOf: (row: TRow) => string,
  toNode: (row: TRow) => TNode = (row) => row as unknown as TNode,
): Connection<TNode> {
  const page = rows.slice(0, size);
  const edges = page.map((row) => ({ cursor: cursorOf(row), node: toNode(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
