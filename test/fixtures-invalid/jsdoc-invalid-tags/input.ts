import { App } from "callspec";

export interface Product {
  /** @minimum ten */
  price: number;
  /** @minLength -1 */
  name: string;
  /** @pattern ([a-z] */
  slug: string;
  /** @maxItems 2.5 */
  tags: string[];
  /** @minLength 3 */
  quantity: number;
  /** @minimum 0 */
  label: string;
}

export const app = new App();

app.post("/products", function create_product(product: Product): Product {
  return product;
});
