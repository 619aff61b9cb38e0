// FastAPI's "OpenAPI Webhooks" tutorial, ported to Callspec: a second App with its own document.
import { App } from "callspec";

export interface Subscription {
  username: string;
  monthly_fee: number;
  start_date: Date;
}

export const webhooksApp = new App({ specFile: "webhooks.openapi.json" });

webhooksApp.webhooks.post(
  "new-subscription",
  /**
   * When a new user subscribes to your service we'll send you a POST request with this
   * data to the URL that you register for the event `new-subscription` in the dashboard.
   */
  function new_subscription(body: Subscription): void {},
);

webhooksApp.get("/users/", function read_users() {
  return ["Rick", "Morty"];
});
