// `npm run receiver`: the external developer's side, built from the callback router itself,
// on 127.0.0.1, port RECEIVER_PORT (default 9000), under /events. It logs each callback it gets.
import { callbackReceiver } from "callspec";
import { invoicesCallbackRouter, type InvoiceEvent, type InvoiceEventReceived } from "./app";

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

receiver.listen(port, "127.0.0.1").then(
  ({ url }) => {
    console.log(`Receiving callbacks on ${url}/events: pass ?callback_url=${url}/events to POST /invoices/.`);
    const stop = () => void receiver.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
