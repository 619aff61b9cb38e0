import { App, APIRouter, type HttpUrl } from "callspec";

export interface Invoice {
  id: string;
  title?: string | null;
  customer: string;
  total: number;
}

export const invoicesCallbackRouter = new APIRouter();

invoicesCallbackRouter.post("{$callback_url}/invoices/{$request.body#/idd}", function invoice_notification(body: { paid: boolean }): void {});

export const app = new App();

app.post("/invoices/", { callbacks: invoicesCallbackRouter.routes }, function create_invoice(invoice: Invoice, callback_url?: HttpUrl) {
  return { msg: "Invoice received" };
});
