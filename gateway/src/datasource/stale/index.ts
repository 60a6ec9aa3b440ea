export { noStaleEntities, type StaleEntitySource, type EntityFetch, type StaleEntities, type StaleEntityNotice } from "./staleEntitySource";
export { staleEntitiesPlugin } from "./staleEntitiesPlugin";
