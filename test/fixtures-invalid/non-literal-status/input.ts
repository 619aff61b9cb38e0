import { App, status } from "callspec";

export const app = new App();

app.get("/items/{item_id}", function read_item(item_id: string, code: number) {
  return status(code, { item_id });
});
