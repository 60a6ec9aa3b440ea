export { emptyNote, emptyVariables, type EnvironmentOptions, envValue, isUnsetValue, withoutEmptyVariables } from "./environment";
