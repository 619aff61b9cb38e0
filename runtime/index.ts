export { App, type AppOptions } from "./app";
export {
  APIRouter,
  type Handler,
  type HttpMethod,
  type IncludeOptions,
  type Route,
  type RouteOptions,
  type RouterOptions,
  type CallbackBody,
  type CallbackResult,
} from "./router";
export { type DateString, type Email, type Format, type HttpUrl, type Int32, type Int64, type Schema, type Url, type UUID } from "./formats";
export { type Body, type Cookie, type Header, type Path, type Query, type RequestContext } from "./parameters";
export { status, type Status } from "./status";
export { type ValidationIssue } from "./validation";
export { callbackReceiver, type ReceiverOptions } from "./outbound/receiver";
export { type SendInit } from "./outbound/callback";
export { CallbackError, type CallbackFailure, type CallbackResponse, type SendOptions } from "./outbound/send";
export { RefusedDestinationError, parseAllowList } from "./outbound/address-guard";
export { CallbackUrlError } from "./outbound/evaluate";
export { signatureHeaders, verifyCallback } from "./outbound/signing";
