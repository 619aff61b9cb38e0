import { App } from "callspec";
import type { Item as BillingItem } from "./billing.js";
import type { Item as CatalogItem } from "./catalog.js";

export const app = new App();

app.post("/invoices", function bill(item: BillingItem): CatalogItem {
  return { id: item.sku, title: "" };
});
