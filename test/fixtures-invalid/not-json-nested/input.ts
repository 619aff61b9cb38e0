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

/** Met first inside an instance (`Page<Account>`): its mistake is still reported at its property. */
export interface Account {
  since: bigint;
}

export const app = new App();

app.post("/ledgers", function create_ledger(ledger: Ledger): Page<symbol> {
  return { items: [] };
});

app.get("/accounts", function list_accounts(): Page<Account> {
  return { items: [] };
});
