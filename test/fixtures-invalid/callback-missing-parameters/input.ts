import { App, APIRouter, type Header } from "callspec";

export const hooks = new APIRouter();

hooks.post("{$request.query.callbak_url}/a", function wrong_query(): void {});
hooks.post("{$callbak_url}/b", function wrong_shorthand(): void {});
hooks.post("{$request.header.X-Nope}/c", function wrong_header(): void {});
hooks.post("{$request.path.thing_id}/d", function wrong_path(): void {});
hooks.post("{$request.header.x-tenant}/e/{$response.body#/missing}", function ok_header_wrong_response(): void {});

export const app = new App();

app.post("/things/{id}", { callbacks: hooks.routes }, function create_thing(id: string, callback_url: string, x_tenant: Header<string>): { created: boolean } {
  return { created: true };
});
