import { App } from "callspec";

export interface Page<T> {
  items: T[];
}

export const app = new App();

// Two instances of one generic whose arguments have no names to tell them apart.
app.get("/a", function list_a(): Page<{ a: string }> {
  return { items: [] };
});

app.get("/b", function list_b(): Page<{ b: number }> {
  return { items: [] };
});

// Two local types of one name in one module: no module path tells them apart.
function ordersRoutes() {
  interface Entry {
    order: string;
  }
  app.post("/orders", function add_order(entry: Entry): void {});
}

function usersRoutes() {
  interface Entry {
    user: string;
  }
  app.post("/users", function add_user(entry: Entry): void {});
}

ordersRoutes();
usersRoutes();
