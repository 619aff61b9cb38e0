import { App } from "callspec";

export const app = new App();

app.get("items", function no_slash(): string[] {
  return [];
});

app.get("/users/{id}/friends/{id}", function same_name_twice(id: string): string {
  return id;
});

app.get("/files/{name", function unbalanced(): string {
  return "";
});

// The App's router takes a parameter as a whole segment only, and one name per place:
// these would fail when the App starts, so they fail the build.
app.get("/files/{name}.json", function partial_segment(name: string): string {
  return name;
});

app.get("/orders/{order_id}", function read_order(order_id: string): string {
  return order_id;
});

app.get("/orders/{id}/lines", function order_lines(id: string): string[] {
  return [id];
});
