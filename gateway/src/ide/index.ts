export { DEMO_API_KEY, ideCapability } from "./ideCapability";
export { IdeBundle, type IdeFiles } from "./ideBundle";
export { IDE_CONTENT_SECURITY_POLICY } from "./idePage";
export { prefersHtml } from "./prefersHtml";
