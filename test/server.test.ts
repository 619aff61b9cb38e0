/**
 * The server, over real HTTP on 127.0.0.1 (an ephemeral port), against
 * test/apps/server-app.ts built by tspc with the plugin: routing, binding,
 * validation, answers, every kind of bad input, the document and the docs.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import type { App } from "callspec";
import { ROOT } from "./support/compile";
import { builtApp, rawExchange, request } from "./support/http";

interface ServerApp {
  app: App;
  custom: App;
  logged: string[];
  gate: { open(): void };
  nextSlowRequest(): Promise<void>;
}

const { app, custom, logged, gate, nextSlowRequest } = builtApp<ServerApp>("server-app");
let base = "";
let port = 0;
const JSON_TYPE = { "content-type": "application/json" };
const call = (method: string, target: string, options?: Parameters<typeof request>[3]) => request(base, method, target, options);

test.before(async () => {
  ({ url: base, port } = await app.listen(0, "127.0.0.1"));
});

test.after(async () => {
  await app.close();
});

test("listen(0) picks a free port on 127.0.0.1 and says which", () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(port > 0);
});

// Routing

test("path and query values are coerced by their schemas; repeated keys make an array", async () => {
  const answer = await call("GET", "/items/42?q=pen&limit=5&verbose=true&tags=a&tags=b&color=red");
  assert.is(answer.status, 200);
  assert.equal(answer.json(), { item_id: 42, q: "pen", limit: 5, verbose: true, tags: ["a", "b"], color: "red" });
});

test("an absent optional parameter takes the handler's own default", async () => {
  assert.equal((await call("GET", "/items/7")).json(), { item_id: 7, q: null, limit: 10, verbose: false, tags: null, color: null });
});

test("a static segment wins over a {param}, whatever the order; an included router's prefix applies", async () => {
  assert.equal((await call("GET", "/users/me")).json(), { user: "me" });
  assert.equal((await call("GET", "/users/5")).json(), { user_id: 5 });
});

test("a route added to an included router after include() is served, as the document lists it", async () => {
  assert.is((await call("DELETE", "/users/5")).status, 204);
});

test("404 for an unknown path, FastAPI's body", async () => {
  const answer = await call("GET", "/nowhere");
  assert.is(answer.status, 404);
  assert.equal(answer.json(), { detail: "Not Found" });
  assert.is((await call("GET", "/items")).status, 404, "/items and /items/ are different paths");
});

test("405 with Allow for a known path and another method", async () => {
  const answer = await call("POST", "/users/me");
  assert.is(answer.status, 405);
  // DELETE too: DELETE /users/me is DELETE /users/{user_id} with user_id "me" (then a 422).
  assert.is(answer.headers.allow, "DELETE, GET, HEAD");
  assert.equal(answer.json(), { detail: "Method Not Allowed" });
  assert.is((await call("GET", "/items/")).headers.allow, "POST");
});

test("HEAD is GET without the body: same status and length", async () => {
  const get = await call("GET", "/users/me");
  const head = await call("HEAD", "/users/me");
  assert.is(head.status, 200);
  assert.is(head.text, "");
  assert.is(head.headers["content-length"], get.headers["content-length"]);
});

test("a path that is not valid percent-encoding is a 400, not a crash", async () => {
  const answer = await call("GET", "/users/%E0%A4%A");
  assert.is(answer.status, 400);
  assert.match(answer.json().detail, /percent-encoding/);
});

// Binding

test("headers (with - for _) and cookies are bound; header values are coerced", async () => {
  const answer = await call("GET", "/headers", { headers: { "user-agent": "tests", "x-count": "3", cookie: "other=1; session=abc%20def" } });
  assert.is(answer.status, 200);
  assert.equal(answer.json(), { user_agent: "tests", x_count: 3, session: "abc def" });
});

test("a missing required header is a 422 at its location", async () => {
  const answer = await call("GET", "/headers");
  assert.is(answer.status, 422);
  assert.equal(answer.json(), { detail: [{ type: "missing", loc: ["header", "user-agent"], msg: "Field required", input: null }] });
});

test("the request context is injected", async () => {
  const answer = await call("POST", "/context/x%2Fy?a=1", { headers: JSON_TYPE, body: '{"n":1}' });
  assert.equal(answer.json(), { method: "POST", path: "/context/x%2Fy", url: "/context/x%2Fy?a=1", a: "1", params: { id: "x/y" }, body: '{"n":1}', host: "yes" });
});

test("a body parameter gets the JSON body; status(201, item) answers 201", async () => {
  const item = { name: "pen", price: 2.5, tags: ["office"] };
  const answer = await call("POST", "/items/", { headers: JSON_TYPE, body: JSON.stringify(item) });
  assert.is(answer.status, 201);
  assert.is(answer.headers["content-type"], "application/json");
  assert.equal(answer.json(), item);
});

test("several body parameters are embedded under their names", async () => {
  const body = { item: { name: "pen", price: 1 }, owner: { email: "a@b.c" } };
  const answer = await call("PUT", "/items/9", { headers: JSON_TYPE, body: JSON.stringify(body) });
  assert.equal(answer.json(), { item_id: "9", ...body });
  const missing = await call("PUT", "/items/9", { headers: JSON_TYPE, body: JSON.stringify({ item: body.item }) });
  assert.equal(missing.json().detail, [{ type: "missing", loc: ["body", "owner"], msg: "Field required", input: null }]);
  const notObject = await call("PUT", "/items/9", { headers: JSON_TYPE, body: "[1]" });
  assert.equal(notObject.json().detail, [{ type: "dict_type", loc: ["body"], msg: "Input should be a valid dictionary or object", input: [1] }]);
});

test("a handler's status(404, …) and plain value both answer", async () => {
  const found = await call("GET", "/found/pen");
  assert.is(found.status, 200);
  assert.equal(found.json(), { name: "pen", price: 2 });
  const absent = await call("GET", "/found/cup");
  assert.is(absent.status, 404);
  assert.equal(absent.json(), { detail: "No item called cup" });
});

test("a void handler answers 204 with no body", async () => {
  const answer = await call("DELETE", "/items/3");
  assert.is(answer.status, 204);
  assert.is(answer.text, "");
});

// Validation: 422 with FastAPI's shape

test("422 lists every problem, with pydantic's types and messages", async () => {
  const answer = await call("GET", "/items/abc?limit=x&verbose=maybe&color=blue");
  assert.is(answer.status, 422);
  assert.equal(answer.json(), {
    detail: [
      { type: "float_parsing", loc: ["path", "item_id"], msg: "Input should be a valid number, unable to parse string as a number", input: "abc" },
      { type: "float_parsing", loc: ["query", "limit"], msg: "Input should be a valid number, unable to parse string as a number", input: "x" },
      { type: "bool_parsing", loc: ["query", "verbose"], msg: "Input should be a valid boolean, unable to parse string as a boolean", input: "maybe" },
      { type: "enum", loc: ["query", "color"], msg: "Input should be 'red' or 'green'", input: "blue", ctx: { expected: "'red' or 'green'" } },
    ],
  });
});

test("422 for a body: missing fields, wrong types, array indices as numbers", async () => {
  const answer = await call("POST", "/items/", { headers: JSON_TYPE, body: JSON.stringify({ price: "2", tags: ["a", 3] }) });
  assert.is(answer.status, 422);
  assert.equal(answer.json().detail, [
    { type: "missing", loc: ["body", "name"], msg: "Field required", input: { price: "2", tags: ["a", 3] } },
    { type: "float_parsing", loc: ["body", "price"], msg: "Input should be a valid number, unable to parse string as a number", input: "2" },
    { type: "string_type", loc: ["body", "tags", 1], msg: "Input should be a valid string", input: 3 },
  ]);
});

test("a required body that is absent is a 422 at ['body']", async () => {
  const answer = await call("POST", "/items/", { headers: JSON_TYPE });
  assert.equal(answer.json(), { detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] });
});

// Malformed input: never a crash, never a handler call

test("invalid JSON is a 422 json_invalid, as FastAPI answers, with the parser's words", async () => {
  const answer = await call("POST", "/items/", { headers: JSON_TYPE, body: '{"name": }' });
  assert.is(answer.status, 422);
  const [issue] = answer.json().detail;
  assert.equal([issue.type, issue.loc[0], issue.msg, issue.input], ["json_invalid", "body", "JSON decode error", {}]);
  assert.match(issue.ctx.error, /JSON/);
});

test("a body that is not JSON is a 415", async () => {
  const answer = await call("POST", "/items/", { headers: { "content-type": "text/plain" }, body: "name=pen" });
  assert.is(answer.status, 415);
  assert.match(answer.json().detail, /Content-Type: application\/json/);
  assert.is((await call("POST", "/items/", { headers: { "content-type": "application/json; charset=latin1" }, body: "{}" })).status, 415);
});

test("a body over the limit is a 413: announced by Content-Length, or found while reading a chunked one", async () => {
  const big = JSON.stringify({ name: "x".repeat(2000), price: 1 });
  const announced = await call("POST", "/items/", { headers: JSON_TYPE, body: big });
  assert.is(announced.status, 413);
  assert.match(announced.json().detail, /larger than 1024 bytes/);
  const chunked = await call("POST", "/items/", { headers: { ...JSON_TYPE, "transfer-encoding": "chunked" }, body: big, chunked: true });
  assert.is(chunked.status, 413);
  const fits = await call("POST", "/items/", { headers: JSON_TYPE, body: JSON.stringify({ name: "x".repeat(900), price: 1 }) });
  assert.is(fits.status, 201);
});

test("__proto__ and constructor.prototype keys are refused (also spelled with \\u escapes); no prototype changes", async () => {
  for (const body of [
    '{"name":"a","price":1,"__proto__":{"polluted":true}}',
    '{"name":"a","price":1,"tags":[],"x":{"constructor":{"prototype":{"polluted":true}}}}',
    '{"name":"a","price":1,"\\u005f_proto__":{"polluted":true}}',
  ]) {
    const answer = await call("POST", "/items/", { headers: JSON_TYPE, body });
    assert.is(answer.status, 422, body);
    assert.is(answer.json().detail[0].type, "forbidden_key");
  }
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test("a client that sends its headers too slowly (slow loris) gets 408 and is disconnected", async () => {
  const answer = await rawExchange(port, "GET /users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  assert.match(answer, /^HTTP\/1\.1 408 /);
});

test("a body that never finishes gets 408 too", async () => {
  const answer = await rawExchange(port, 'POST /items/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"name":');
  assert.match(answer, /^HTTP\/1\.1 408 /);
});

test("a handler that throws gives 500 with no stack in the body, and one log line", async () => {
  const before = logged.length;
  const answer = await call("GET", "/boom");
  assert.is(answer.status, 500);
  assert.equal(answer.json(), { detail: "Internal Server Error" });
  assert.not.match(answer.text, /kaboom|at /);
  const lines = logged.slice(before);
  assert.is(lines.length, 1);
  assert.match(lines[0]!, /^callspec: 500 for GET \/boom \(handler "explode"\): Error: kaboom second line \(at \/.*server-app\.js:\d+:\d+\)$/);
});

// The document and the docs

test("GET /openapi.json serves the bytes the transformer wrote", async () => {
  const answer = await call("GET", "/openapi.json");
  assert.is(answer.status, 200);
  assert.is(answer.headers["content-type"], "application/json");
  assert.is(answer.text, fs.readFileSync(path.join(ROOT, "test", "apps", "dist", "server-openapi.json"), "utf8"));
});

test("/docs is Swagger UI from swagger-ui-dist's own files, served here", async () => {
  const page = await call("GET", "/docs");
  assert.is(page.headers["content-type"], "text/html; charset=utf-8");
  assert.match(page.text, /<title>Server test - Swagger UI<\/title>/);
  assert.match(page.text, /"url":"\/openapi.json"/);
  assert.not.match(page.text, /https?:\/\//, "no CDN");
  assert.match(String(page.headers["content-security-policy"]), /^default-src 'self'/, "the browser loads nothing from elsewhere");
  const dist = path.dirname(require.resolve("swagger-ui-dist/package.json"));
  for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    assert.match(page.text, new RegExp(`"/docs/${file.replace(".", "\\.")}"`));
    const asset = await call("GET", `/docs/${file}`);
    assert.is(asset.status, 200);
    assert.is(asset.text, fs.readFileSync(path.join(dist, file), "utf8"));
  }
});

test("/redoc is ReDoc from redoc's standalone bundle, served here", async () => {
  const page = await call("GET", "/redoc");
  assert.match(page.text, /<redoc spec-url="\/openapi.json"><\/redoc>/);
  assert.match(page.text, /<script src="\/redoc\/redoc.standalone.js"><\/script>/);
  assert.not.match(page.text, /https?:\/\//, "no CDN");
  const bundle = await call("GET", "/redoc/redoc.standalone.js");
  assert.is(bundle.text, fs.readFileSync(require.resolve("redoc/bundles/redoc.standalone.js"), "utf8"));
});

test("the document and docs paths are options; null turns a page off", async () => {
  const { url } = await custom.listen(0);
  try {
    const spec = await request(url, "GET", "/spec.json");
    assert.is(spec.text, fs.readFileSync(path.join(ROOT, "test", "apps", "dist", "custom-openapi.json"), "utf8"));
    assert.match((await request(url, "GET", "/api-docs")).text, /"url":"\/spec.json"/);
    for (const gone of ["/openapi.json", "/docs", "/redoc"]) assert.is((await request(url, "GET", gone)).status, 404, gone);
  } finally {
    await custom.close();
  }
});

// app.fetch: the same app behind the web-standard handler

test("app.fetch answers as the server does", async () => {
  const post = (body: string) => app.fetch(new Request("http://local/items/", { method: "POST", headers: JSON_TYPE, body }));
  const created = await post('{"name":"pen","price":1}');
  assert.is(created.status, 201);
  assert.equal(await created.json(), { name: "pen", price: 1 });
  const invalid = await post('{"name":1,"price":1}');
  assert.is(invalid.status, 422);
  assert.equal((await invalid.json()).detail[0].loc, ["body", "name"]);
  assert.is((await post("x".repeat(2000))).status, 413);
  const wrong = await app.fetch(new Request("http://local/users/me", { method: "PUT" }));
  assert.equal([wrong.status, wrong.headers.get("allow")], [405, "DELETE, GET, HEAD"]);
  const spec = await app.fetch(new Request("http://local/openapi.json"));
  assert.is(await spec.text(), fs.readFileSync(path.join(ROOT, "test", "apps", "dist", "server-openapi.json"), "utf8"));
});

test("registering a route once the App serves is an error that says when to register", () => {
  assert.throws(() => app.get("/late", function late() {}), /register routes before the App starts serving/);
});

// Shutting down

test("close() lets the request in flight finish, and refuses new connections meanwhile", async () => {
  const entered = nextSlowRequest();
  const inFlight = call("GET", "/slow");
  await entered;
  const closed = app.close();
  const refused = await call("GET", "/users/me").then(
    () => "answered",
    (error: NodeJS.ErrnoException) => error.code,
  );
  assert.is(refused, "ECONNREFUSED");
  gate.open();
  const answer = await inFlight;
  assert.is(answer.status, 200);
  assert.equal(answer.json(), { slow: true });
  assert.is(answer.headers.connection, "close");
  await closed;
  ({ url: base, port } = await app.listen(0, "127.0.0.1"));
});

test.run();
