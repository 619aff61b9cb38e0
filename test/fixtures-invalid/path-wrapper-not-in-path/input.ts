import { App, type Path } from "callspec";

export const app = new App();

app.get("/items", function list_items(shelf: Path<string>): string[] {
  return [shelf];
});
