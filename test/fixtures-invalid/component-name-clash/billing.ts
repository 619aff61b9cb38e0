export interface Item {
  sku: string;
  price: number;
}
