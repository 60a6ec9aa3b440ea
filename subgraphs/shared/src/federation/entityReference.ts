import { GraphQLID, type GraphQLScalarType } from "graphql";
import { Directive, Field, ObjectType } from "type-graphql";
import { CacheControl, CacheHint } from "../cache";

/** An instance of an entityReference class: only the key. */
export type EntityReference<K extends string> = Record<K, string>;

/**
 * The stub of an entity another subgraph owns, which this subgraph only points at by its key
 * (`@key(fields: "<key>", resolvable: false)`): the owner resolves everything else. As cacheable
 * as the field it hangs off. Each subgraph names its references in its own schema folder:
 * `export const Store = entityReference("Store", "id"); export type Store = EntityReference<"id">;`.
 */
export function entityReference<K extends string>(typeName: string, key: K, keyType: GraphQLScalarType = GraphQLID): new () => EntityReference<K> {
  const Reference = class {} as new () => EntityReference<K>;
  Object.defineProperty(Reference, "name", { value: `${typeName}Reference` });
  Field(() => keyType)(Reference.prototype, key);
  CacheControl(CacheHint.inherit)(Reference);
  Directive(`@key(fields: "${key}", resolvable: false)`)(Reference);
  ObjectType(typeName)(Reference);
  return Reference;
}
