/**
 * node:http around the dispatcher: listen, time out slow clients, close
 * gracefully (no new connections; requests in flight finish; idle keep-alive
 * connections end).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tooLarge } from "./body";
import type { Incoming, Outgoing } from "./dispatch";

export interface ServerOptions {
  /** Time to receive a request's headers (slow-loris guard), ms. */
  headersTimeout: number;
  /** Time to receive a whole request, body included, ms. */
  requestTimeout: number;
}

export interface Listening {
  server: http.Server;
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export function listen(dispatch: (request: Incoming) => Promise<Outgoing>, port: number, host: string, options: ServerOptions): Promise<Listening> {
  let closing = false;
  const server = http.createServer(
    {
      headersTimeout: options.headersTimeout,
      requestTimeout: options.requestTimeout,
      // How often node looks for requests past those timeouts.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(options.headersTimeout / 4))),
    },
    (req, res) => {
      dispatch(incomingOf(req)).then(
        (out) => {
          // A copy when closing: an answer's headers may be shared (the docs pages are built once).
          res.writeHead(out.status, closing ? { ...out.headers, connection: "close" } : out.headers);
          res.end(out.body);
        },
        // The dispatcher answers every error itself; this is for a bug in it.
        () => {
          res.writeHead(500, { "content-type": "application/json", connection: "close" });
          res.end('{"detail":"Internal Server Error"}');
        },
      );
    },
  );

  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === "EADDRINUSE"
          ? `port ${port} on ${host} is in use: stop the other server, or choose another port (PORT=… or listen(0) for any free one)`
          : error.code === "EACCES"
            ? `no permission to listen on port ${port}: use a port above 1023`
            : error.message;
      reject(new Error(`The App cannot listen on ${host}:${port}: ${hint}.`, { cause: error }));
    };
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      const address = server.address() as AddressInfo;
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        server,
        host: address.address,
        port: address.port,
        url: `http://${shown}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            closing = true;
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}

function incomingOf(req: http.IncomingMessage): Incoming {
  const headers = req.headers;
  return {
    method: req.method ?? "GET",
    target: req.url ?? "/",
    hasBody: (headers["content-length"] !== undefined && headers["content-length"] !== "0") || headers["transfer-encoding"] !== undefined,
    header: (name) => {
      const value = headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    headers: () => {
      const all: Record<string, string> = Object.create(null);
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) all[name] = Array.isArray(value) ? value.join(", ") : value;
      return all;
    },
    readBody: (limit) => readBody(req, limit),
  };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.off("end", onEnd);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}
