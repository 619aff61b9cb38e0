export { App, type AppOptions } from "./app";
export {
  APIRouter,
  type Handler,
  type HttpMethod,
  type IncludeOptions,
  type Route,
  type RouteOptions,
} from "./router";
export { type Format, type HttpUrl, type Schema } from "./formats";
