export { noStaleEntities, type StaleEntitySource, type EntityFetch, type StaleEntities, type StaleEntityNotice, staleEntityNotices } from "./staleEntitySource";
export { staleEntitiesPlugin } from "./staleEntitiesPlugin";
