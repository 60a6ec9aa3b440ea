export {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  type CorsConfig,
  CorsPolicy,
  DEFAULT_CORS_MAX_AGE_SECONDS,
  DEVELOPMENT_CORS_ORIGINS,
} from "./corsPolicy";
export { isOriginPattern, originMatcher } from "./originPatterns";
