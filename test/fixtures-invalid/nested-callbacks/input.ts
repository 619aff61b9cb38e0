import { App, APIRouter } from "callspec";

export const inner = new APIRouter();
inner.post("{$request.query.url}/inner", function inner_event(): void {});

export const hooks = new APIRouter();
hooks.post("{$request.query.url}/outer", { callbacks: inner.routes }, function outer_event(): void {});

export const app = new App();
app.post("/things", { callbacks: hooks.routes }, function create_thing(url: string): void {});
app.webhooks.post("thing.created", { callbacks: inner.routes }, function thing_created(): void {});
