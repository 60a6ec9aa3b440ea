import { type EntityReference, entityReference } from "@subgraph-kit/federation";

/** The inventory subgraph owns Store; this subgraph only points at one by id. */
export const Store = entityReference("Store", "id");
export type Store = EntityReference<"id">;
