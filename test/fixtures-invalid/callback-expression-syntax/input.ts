import { App, APIRouter } from "callspec";

export const hooks = new APIRouter();

hooks.post("{$requets.body}/a", function typo(): void {});
hooks.post("{id}/b", function not_an_expression(): void {});
hooks.post("{$request.query.url}/c/{$request.body#id}", function bad_pointer(): void {});
hooks.post("{$request.query.url}/d/{$request.body", function unclosed(): void {});

export const app = new App();

app.post("/things", { callbacks: hooks.routes }, function create_thing(thing: { id: string }, url: string): void {});
