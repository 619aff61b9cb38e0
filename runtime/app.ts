import { APIRouter } from "./router";

/** `info` of the OpenAPI document. Without them the transformer uses the nearest package.json. */
export interface AppOptions {
  title?: string;
  version?: string;
  description?: string;
  /** File name of this App's document in the output folder (default "openapi.json"); one per App. */
  specFile?: string;
}

/** The application: an APIRouter with the document's metadata (and, later, a server). */
export class App extends APIRouter {
  readonly info: Readonly<AppOptions>;
  /** Requests this API sends to URLs its users registered out of band: the document's `webhooks` (OpenAPI 3.1). */
  readonly webhooks = new APIRouter();

  constructor(options: AppOptions = {}) {
    super();
    this.info = options;
  }
}
