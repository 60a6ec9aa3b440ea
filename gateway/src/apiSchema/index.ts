export { API_SCHEMA_PATH, apiSchemaCapability } from "./apiSchemaCapability";
