import http from "node:http";
import net from "node:net";
import path from "node:path";
import { ROOT } from "./compile";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * One request with exactly the headers given (no user-agent, no keep-alive
 * pool): node:http, so the tests control what goes on the wire.
 */
export function request(base: string, method: string, target: string, options: { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(target, base);
    const headers = { ...options.headers };
    if (options.body !== undefined && !options.chunked) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    // A server may answer (413) and close before the whole body is sent: the answer still counts.
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Bytes on a raw socket, and everything the server sends back until it closes the connection. */
export function rawExchange(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(data));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", reject);
  });
}

/** Apps of test/apps, built by tspc with the plugin (`npm run build`). */
export function builtApp<T>(name: string): T {
  return require(path.join(ROOT, "test", "apps", "dist", `${name}.js`)) as T;
}
