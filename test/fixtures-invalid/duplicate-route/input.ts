import { App } from "callspec";

export const app = new App();

app.get("/items", function list_items(): string[] {
  return [];
});

app.get("/items", function list_items_again(): string[] {
  return [];
});
