// FastAPI's "OpenAPI Callbacks" tutorial, ported to Callspec, and the callback really sent.
import { App, APIRouter, type HttpUrl, type RequestContext } from "callspec";

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
export const invoiceNotification = invoicesCallbackRouter.post(
  "{$callback_url}/invoices/{$request.body.id}",
  function invoice_notification(body: InvoiceEvent): InvoiceEventReceived {
    return { ok: true };
  },
);

/**
 * Where callbacks may go besides public addresses: hosts and ranges such as
 * "127.0.0.1" (main.ts reads CALLSPEC_CALLBACK_ALLOW). Empty: public only.
 */
export const callbackSettings: { allow: string[] } = { allow: [] };

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
  function create_invoice(invoice: Invoice, context: RequestContext, callback_url?: HttpUrl) {
    // Send the invoice, collect the money, send the notification (the callback).
    if (callback_url) void notifyPaid(context);
    return { msg: "Invoice received" };
  },
);

/**
 * The callback, after the response: its URL comes from the request
 * (`?callback_url=…` and the invoice's id), its body is typed as the
 * callback handler's, and the receiver's answer is checked against
 * InvoiceEventReceived. One log line either way.
 */
async function notifyPaid(context: RequestContext): Promise<void> {
  try {
    const sent = await invoiceNotification.send(context, { description: "Invoice paid", paid: true }, { allow: callbackSettings.allow });
    console.log(`callback invoice_notification: POST ${sent.url.href} answered ${sent.status} ${JSON.stringify(sent.body)} (attempts: ${sent.attempts})`);
  } catch (error) {
    console.error(`callback invoice_notification failed: ${(error as Error).message}`);
  }
}
