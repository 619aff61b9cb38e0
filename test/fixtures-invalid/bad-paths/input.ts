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
