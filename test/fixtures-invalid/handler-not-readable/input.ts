import { App } from "callspec";

export const app = new App();

const handlers = {
  list(): string[] {
    return [];
  },
};

app.get("/items", handlers.list);
