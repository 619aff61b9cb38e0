import { App } from "callspec";

export const app = new App();

app.get("/tags", function list_tags(...tags: string[]): string[] {
  return tags;
});
