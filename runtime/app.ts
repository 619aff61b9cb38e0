import { APIRouter } from "./router";

/** `info` of the OpenAPI document. Without them the transformer uses the nearest package.json. */
export interface AppOptions {
  title?: string;
  version?: string;
  description?: string;
}

/** The application: an APIRouter with the document's metadata (and, later, a server). */
export class App extends APIRouter {
  readonly info: Readonly<AppOptions>;

  constructor(options: AppOptions = {}) {
    super();
    this.info = options;
  }
}
