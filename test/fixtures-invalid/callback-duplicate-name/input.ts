import { App, APIRouter } from "callspec";

export const hooks = new APIRouter();

hooks.post("{$request.query.url}/paid", { name: "invoice_event" }, function paid(): void {});
hooks.post("{$request.query.url}/voided", { name: "invoice_event" }, function voided(): void {});

export const app = new App();

app.post("/invoices", { callbacks: hooks.routes }, function create_invoice(url: string): void {});
