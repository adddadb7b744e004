/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { BulkSupplierAction } from "./BulkSupplierAction";

// Shopify admin calls the default export when the merchant opens the action from the product
// list's "More actions" menu with products selected.
export default async () => {
  render(<BulkSupplierAction api={shopify} />, document.body);
};
