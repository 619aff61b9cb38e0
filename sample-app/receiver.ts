// `npm run receiver`: the external developer's side, built from the callback router itself,
// on 127.0.0.1, port RECEIVER_PORT (default 9000), under /events. It logs each callback it gets.
import { callbackReceiver } from "callspec";
import { invoicesCallbackRouter, type InvoiceEvent, type InvoiceEventReceived } from "./app";
import { serveUntilStopped } from "./serve";

const port = Number(process.env.RECEIVER_PORT ?? 9000);
const receiver = callbackReceiver(invoicesCallbackRouter, {
  prefix: "/events",
  handlers: {
    invoice_notification(body: InvoiceEvent): InvoiceEventReceived {
      console.log(`received invoice_notification: ${JSON.stringify(body)}`);
      return { ok: true };
    },
  },
});

serveUntilStopped(receiver, port, (url) => `Receiving callbacks on ${url}/events: pass ?callback_url=${url}/events to POST /invoices/.`);
