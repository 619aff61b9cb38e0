import { App } from "callspec";

const TITLE = "Orders"; // a const is known at compile time
const version = String(Date.now()); // this one is not
const description = ["a", "b"].join(" ");

export const app = new App({
  title: TITLE,
  version,
  description,
  specFile: `${"orders"}.json`.toLowerCase(),
  log: (line: string) => console.log(line), // a runtime option: anything goes
});

app.get("/orders", function list_orders(): string[] {
  return [];
});
