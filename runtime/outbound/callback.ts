import type { CompiledRoute } from "../compiled";
import { parseCallbackKey } from "../expressions";
import { parametersOf } from "../handled";
import type { RequestContext } from "../parameters";
import { createValidator, type Check } from "../validation";
import { evaluateCallbackUrl, type OriginRequest, type OriginResponse } from "./evaluate";
import { sendJson, type CallbackResponse, type SendOptions } from "./send";

/** Options of `route.send(origin, body, init)`. */
export interface SendInit extends SendOptions {
  /** The response our API gave to the original request, for `$response.…` and `$statusCode` in the key. */
  response?: OriginResponse;
}

/** What `send` needs of a route: the registration, as the runtime keeps it. */
export interface SendableRoute {
  readonly method: string;
  readonly name: string;
  readonly options: { readonly signed?: boolean };
  readonly compiled?: CompiledRoute;
}

const responseChecks = new WeakMap<CompiledRoute, Check | null>();
// Made on the first send, not when the runtime is imported: most apps never send.
let validatorFor: ReturnType<typeof createValidator> | undefined;

/**
 * Sends the request a callback (or webhook) route documents: its URL from its
 * key evaluated against the original request, the JSON body, and the
 * receiver's response validated against the route's declared return type.
 */
export async function sendCallback<T>(route: SendableRoute, key: string, origin: RequestContext, body: unknown, init: SendInit = {}): Promise<CallbackResponse<T>> {
  const compiled = route.compiled;
  if (!compiled) {
    throw new Error(
      `Callback "${route.name}" has no compiled metadata, so its response cannot be validated: the file that registers it was built without Callspec's transformer. Add { "transform": "callspec/transformer" } to compilerOptions.plugins and build with tspc.`,
    );
  }
  if (route.options.signed && !init.signingSecret) {
    throw new Error(`Callback "${route.name}" is declared \`signed: true\`: pass \`signingSecret\` to send() (the secret shared with the receiver).`);
  }
  const url = evaluateCallbackUrl(key, originRequest(origin), init.response);
  const check = responseCheck(compiled);
  const validate = check ? (value: unknown) => check(value, ["response"]).map((issue) => `${issue.loc.join(".")}: ${issue.msg}`) : undefined;
  return sendJson<T>(url, route.method, body, init, validate);
}

/** The response schema, compiled once per route (ajv), not per send. */
function responseCheck(compiled: CompiledRoute): Check | undefined {
  if (!responseChecks.has(compiled)) {
    responseChecks.set(compiled, compiled.response ? (validatorFor ??= createValidator())(compiled.response, compiled.components) : null);
  }
  return responseChecks.get(compiled) ?? undefined;
}

/** The handler's view of a request, as runtime expressions see it (`$url` is absolute). */
function originRequest(context: RequestContext): OriginRequest {
  return {
    // Only `$url` reads it, so a strange Host header cannot break other keys.
    get url() {
      try {
        return new URL(context.url, `http://${context.headers.host ?? "localhost"}`);
      } catch {
        return new URL(context.url, "http://localhost");
      }
    },
    method: context.method,
    params: context.params,
    query: context.query,
    headers: new Headers(Object.entries(context.headers)),
    body: context.body,
    parameters: parametersOf(context),
  };
}

/**
 * The server path a receiver serves a callback at: the key without the base
 * URL it starts with (`{$callback_url}`), its other expressions as path
 * parameters, and no query. `{$callback_url}/invoices/{$request.body.id}` is
 * `/invoices/{p1}`.
 */
export function receiverPath(key: string): string {
  const { parts } = parseCallbackKey(key);
  let path = "";
  let parameter = 0;
  parts.forEach((part, index) => {
    if ("text" in part) path += part.text;
    else if (index > 0) path += `{p${++parameter}}`;
  });
  path = path.split("?")[0]!;
  return path.startsWith("/") ? path : `/${path}`;
}
