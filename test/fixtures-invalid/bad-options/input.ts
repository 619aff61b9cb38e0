import { App, APIRouter } from "callspec";

export const app = new App();
export const hooks = new APIRouter();
const tags = [String(Date.now())];

app.get("/a", { tags }, function a(): string {
  return "";
});

app.get("/b", { callbacks: hooks.routes.slice(1) }, function b(): string {
  return "";
});

app.get("/c", { statusCode: 999 }, function c(): string {
  return "";
});

// A key Object.prototype also has is no option of Callspec's: left to tsc, as any unknown option (cast away here).
app.get("/d", { constructor: "x", toString: 1 } as never, function d(): string {
  return "";
});
