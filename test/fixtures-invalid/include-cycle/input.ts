import { App, APIRouter } from "callspec";

export const a = new APIRouter();
export const b = new APIRouter();
a.get("/a", function get_a(): string {
  return "a";
});
a.include(b);
b.include(a);

export const app = new App();
app.include(a);
