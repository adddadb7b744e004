/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { SupplyBlock } from "./SupplyBlock";

// Shopify admin calls the default export when a product page with this block opens.
export default async () => {
  render(<SupplyBlock api={shopify} />, document.body);
};
