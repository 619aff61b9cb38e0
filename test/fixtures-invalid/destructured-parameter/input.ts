import { App } from "callspec";

export const app = new App();

app.get("/items/{item_id}", function read_item(item_id: string, { q, limit }: { q: string; limit: number }, [first]: string[]): string {
  return q;
});
