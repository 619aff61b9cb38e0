/**
 * The runtime's registration API keeps the same routes the transformer
 * documents: prefixes, tags and callbacks of routers and includes, in FastAPI's order.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { App, APIRouter } from "callspec";

test("a route records its method, path, handler, options and name", () => {
  const router = new APIRouter();
  const route = router.post("/items", { summary: "Make one" }, function create_item() {});
  assert.is(route.method, "post");
  assert.is(route.path, "/items");
  assert.is(route.name, "create_item");
  assert.is(route.options.summary, "Make one");
  assert.equal(router.routes.map((r) => [r.method, r.path, r.name, r.handler]), [["post", "/items", "create_item", route.handler]]);
});

test("the name option wins over the handler's name; anonymous handlers need it", () => {
  const router = new APIRouter();
  assert.is(router.get("/a", { name: "alpha" }, function beta() {}).name, "alpha");
  assert.is(router.get("/b", () => {}).name, "");
});

test("a handler that is not a function is refused at registration, naming the route", () => {
  const router = new APIRouter();
  assert.throws(() => router.get("/a", {} as never), /GET \/a: the last argument must be the handler function/);
});

test("router options: prefix before the path, tags and callbacks before the route's own", () => {
  const hooks = new APIRouter();
  const audit = new APIRouter();
  const notify = hooks.post("{$request.query.url}", function notify() {});
  const record = audit.post("{$request.query.audit}", function record() {});
  const payments = new APIRouter({ prefix: "/payments", tags: ["payments"], callbacks: audit.routes });
  payments.post("/", { tags: ["write"], callbacks: hooks.routes }, function create_payment() {});
  const [route] = payments.routes;
  assert.is(route!.path, "/payments/");
  assert.equal(route!.options.tags, ["payments", "write"]);
  assert.equal(route!.callbacks.map((r) => r.name), [record.name, notify.name], "the router's callbacks, then the route's own");
});

test("include: the include's options, then the including router's own, as FastAPI does", () => {
  const users = new APIRouter({ prefix: "/users", tags: ["users"] });
  users.get("/{id}", function get_user() {});
  const v1 = new APIRouter({ prefix: "/v1", tags: ["v1"] });
  v1.include(users, { prefix: "/admin", tags: ["admin"] });
  const app = new App().include(v1);
  const [route] = app.routes;
  assert.is(route!.path, "/v1/admin/users/{id}");
  assert.equal(route!.options.tags, ["v1", "admin", "users"]);
});

test("app.webhooks is a router of its own: its routes are not the app's", () => {
  const app = new App();
  app.webhooks.post("new-subscription", function new_subscription() {});
  assert.is(app.routes.length, 0);
  assert.is(app.webhooks.routes[0]!.path, "new-subscription");
});

test.run();
