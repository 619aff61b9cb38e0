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
