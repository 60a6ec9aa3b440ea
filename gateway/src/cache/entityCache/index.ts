export { EntityCache, type EntityLookup } from "./entityCache";
