import { App } from "callspec";

export const app = new App();

app.get("/items", function list(): string[] {
  return [];
});

app.get("/users", { operationId: "list" }, function list_users(): string[] {
  return [];
});
