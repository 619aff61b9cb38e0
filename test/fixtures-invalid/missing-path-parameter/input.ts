import { App } from "callspec";

export const app = new App();

app.get("/users/{user_id}/items/{item_id}", function read_user_item(user_id: string): string {
  return user_id;
});
