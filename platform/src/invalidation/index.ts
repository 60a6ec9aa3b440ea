export { canonicalJson, entityTag, rootTag } from "./invalidationTags";
export { INVALIDATIONS_CHANNEL, type InvalidationMessage, parseInvalidationMessage } from "./invalidationMessage";
