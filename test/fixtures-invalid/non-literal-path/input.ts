import { App } from "callspec";

export const app = new App();
const version = Math.random() > 0.5 ? "v1" : "v2";

app.get("/" + version + "/items", function list_items(): string[] {
  return [];
});
