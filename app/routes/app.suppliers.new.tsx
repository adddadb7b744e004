import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useNavigation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Card, Layout, Page } from "@shopify/polaris";
import { requireMerchant } from "~/shopify.server";
import { getShop } from "~/models/shop.server";
import { fieldErrorsOf } from "~/models/form-fields";
import { SupplierInput } from "~/models/supplier.schema";
import { createSupplier } from "~/models/supplier.server";
import { EMPTY_SUPPLIER, SupplierForm } from "./app.suppliers.$id/SupplierForm";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  return { currencyCode: (await getShop(shop))?.currencyCode ?? "USD" };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const parsed = SupplierInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error) }, { status: 422 });
  const result = await createSupplier(shop, parsed.data);
  if (!result.ok) return data({ errors: "fieldErrors" in result ? result.fieldErrors : { form: "Could not create the supplier" } }, { status: 422 });
  return redirect(`/app/suppliers/${result.supplier.id}`);
}

export default function NewSupplier() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <Page title="New supplier" backAction={{ content: "Suppliers", url: "/app/suppliers" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <SupplierForm initial={EMPTY_SUPPLIER} errors={actionData?.errors ?? {}} submitLabel="Create supplier" isSubmitting={navigation.state === "submitting"} />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
