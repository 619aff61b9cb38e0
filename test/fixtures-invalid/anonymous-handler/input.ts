import { App } from "callspec";

export const app = new App();

app.get("/items", (): string[] => []);
