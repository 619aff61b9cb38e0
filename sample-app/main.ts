// `npm start`: serves the sample app on 127.0.0.1, port PORT (default 8000).
import { parseAllowList } from "callspec";
import { app, callbackSettings } from "./app";
import { serveUntilStopped } from "./serve";

const port = Number(process.env.PORT ?? 8000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);
  process.exit(1);
}

// Callbacks go to public addresses only, unless CALLSPEC_CALLBACK_ALLOW opens some ("127.0.0.1" for a local receiver).
try {
  callbackSettings.allow = [...parseAllowList((process.env.CALLSPEC_CALLBACK_ALLOW ?? "").split(","))];
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

serveUntilStopped(app, port, (url) => `Serving the invoices app on ${url}: the docs are at ${url}/docs (ReDoc at ${url}/redoc, the document at ${url}/openapi.json).`);
