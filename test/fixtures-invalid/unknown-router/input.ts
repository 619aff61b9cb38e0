import { APIRouter } from "callspec";

export function register(router: APIRouter) {
  router.get("/items", function list_items(): string[] {
    return [];
  });
}
