// `npm start`: serves the sample app on 127.0.0.1, port PORT (default 8000).
import { app } from "./app";

const port = Number(process.env.PORT ?? 8000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0-65535), not "${process.env.PORT}".`);
  process.exit(1);
}

app.listen(port, "127.0.0.1").then(
  ({ url }) => {
    console.log(`Serving the invoices app on ${url}: the docs are at ${url}/docs (ReDoc at ${url}/redoc, the document at ${url}/openapi.json).`);
    const stop = () => void app.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
