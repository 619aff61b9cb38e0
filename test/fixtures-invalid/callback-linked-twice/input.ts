// One callback router, two parents: it is checked against each.
import { App, APIRouter } from "callspec";

export interface Order {
  id: string;
  items: { sku: string }[];
}

export const hooks = new APIRouter();

hooks.post("{$request.query.callback_url}/orders/{$request.body#/items/0/sku}", function order_event(): void {});

export const app = new App();

app.post("/orders", { callbacks: hooks.routes }, function create_order(order: Order, callback_url: string): void {});

app.post("/refunds", { callbacks: hooks.routes }, function create_refund(refund: { id: string }, callback_url: string): void {});
