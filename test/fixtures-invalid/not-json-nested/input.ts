import { App } from "callspec";

export type Id = string | bigint;

export interface Ledger {
  amounts: bigint[];
  handlers: Record<string, () => void>;
  owner: Id;
}

export interface Page<T> {
  items: T[];
}

export const app = new App();

app.post("/ledgers", function create_ledger(ledger: Ledger): Page<symbol> {
  return { items: [] };
});
