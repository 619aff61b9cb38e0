// FastAPI's "OpenAPI Callbacks" tutorial, ported to Callspec.
import { App, APIRouter, type HttpUrl } from "callspec";

export interface Invoice {
  id: string;
  title?: string | null;
  customer: string;
  total: number;
}

export interface InvoiceEvent {
  description: string;
  paid: boolean;
}

export interface InvoiceEventReceived {
  ok: boolean;
}

export const invoicesCallbackRouter = new APIRouter();

// Written as the external developer would implement it: a normal route.
invoicesCallbackRouter.post(
  "{$callback_url}/invoices/{$request.body.id}",
  function invoice_notification(body: InvoiceEvent): InvoiceEventReceived {
    return { ok: true };
  },
);

export const app = new App();

app.post(
  "/invoices/",
  { callbacks: invoicesCallbackRouter.routes },
  /**
   * Create an invoice.
   *
   * This will (let's imagine) let the API user (some external developer) create an
   * invoice.
   *
   * And this path operation will:
   *
   * * Send the invoice to the client.
   * * Collect the money from the client.
   * * Send a notification back to the API user (the external developer), as a callback.
   *     * At this point is that the API will somehow send a POST request to the
   *         external API with the notification of the invoice event
   *         (e.g. "payment successful").
   */
  function create_invoice(invoice: Invoice, callback_url?: HttpUrl) {
    // Send the invoice, collect the money, send the notification (the callback)
    return { msg: "Invoice received" };
  },
);
