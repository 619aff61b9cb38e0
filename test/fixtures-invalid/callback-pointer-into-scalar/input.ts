import { App, APIRouter, type Cookie } from "callspec";

export interface Invoice {
  id: string;
  total: number;
}

export const hooks = new APIRouter();
hooks.post("{$request.query.url}/a/{$request.body#/id/length}", function into_string(): void {});
hooks.post("{$request.query.url}/b/{$session}", function from_cookie(): void {});

export const app = new App();
app.post("/invoices", { callbacks: hooks.routes }, function create_invoice(invoice: Invoice, url: string, session: Cookie<string>): void {});
