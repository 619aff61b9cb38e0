/**
 * Start-up refuses what cannot be served, with the fix in the message: an App
 * or routes built without the plugin (this file is compiled by plain tsc, so
 * what it registers carries no compiled metadata), a build with errors,
 * metadata from another version, a route on the docs' path, a busy port.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { App } from "callspec";
import { builtApp } from "./support/http";

type Compiled = never; // the constructor's second argument is the transformer's business: tests pass it by hand
const compiledApp = (openapi: string | null, callspec = 1) => ({ callspec, openapi }) as unknown as Compiled;
const PLUGIN = /add \{ "transform": "callspec\/transformer" \} to compilerOptions\.plugins in tsconfig\.json and build with tspc/;

async function startError(app: App): Promise<string> {
  try {
    await app.listen(0);
  } catch (error) {
    return (error as Error).message;
  }
  await app.close();
  return "started";
}

test("an App built without the plugin refuses to start and names the plugin", async () => {
  const app = new App();
  app.get("/x", function x() {});
  const message = await startError(app);
  assert.match(message, /This App has no compiled OpenAPI document/);
  assert.match(message, PLUGIN);
});

test("routes built without the plugin are listed, with the plugin to add", async () => {
  const app = new (App as unknown as new (o: object, c: Compiled) => App)({}, compiledApp("{}"));
  app.get("/x", function read_x() {});
  app.post("/y", function write_y() {});
  const message = await startError(app);
  assert.match(message, /did not compile these routes.*GET \/x \(handler "read_x"\), POST \/y \(handler "write_y"\)/);
  assert.match(message, PLUGIN);
});

test("fetch() refuses the same way", async () => {
  const app = new App();
  try {
    await app.fetch(new Request("http://local/x"));
    assert.unreachable("fetch answered");
  } catch (error) {
    assert.match((error as Error).message, PLUGIN);
  }
});

test("an App built while Callspec reported errors says so", async () => {
  const app = new (App as unknown as new (o: object, c: Compiled) => App)({}, compiledApp(null));
  assert.match(await startError(app), /built while Callspec reported errors.*fix them and build again/);
});

test("metadata from another version of the transformer is refused", async () => {
  const app = new (App as unknown as new (o: object, c: Compiled) => App)({}, compiledApp("{}", 99));
  assert.match(await startError(app), /another version of Callspec's transformer/);
});

test("a route on the path of the docs is refused, naming both", async () => {
  const app = new (App as unknown as new (o: object, c: Compiled) => App)({}, compiledApp("{}"));
  (app.get as unknown as (p: string, h: () => void, c: object) => void)("/docs", function my_docs() {}, { callspec: 1, parameters: [], status: 200, components: {} });
  assert.match(await startError(app), /GET \/docs \(handler "my_docs"\) is at the path the App serves its documentation on.*docsUrl/);
});

test("a busy port is an error that says what to do", async () => {
  const { custom } = builtApp<{ custom: App }>("server-app");
  const { port } = await custom.listen(0);
  try {
    const other = new (App as unknown as new (o: object, c: Compiled) => App)({ docsUrl: null, redocUrl: null }, compiledApp("{}"));
    try {
      await other.listen(port);
      assert.unreachable("listened twice on one port");
    } catch (error) {
      assert.match((error as Error).message, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} on 127\\.0\\.0\\.1 is in use`));
    }
  } finally {
    await custom.close();
  }
});

test.run();
