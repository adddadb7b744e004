import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Badge, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { requireMerchant } from "~/shopify.server";
import { listSuppliers } from "~/models/supplier.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const includeArchived = new URL(request.url).searchParams.get("archived") === "1";
  return { includeArchived, suppliers: await listSuppliers(shop, { includeArchived }) };
}

export default function Suppliers() {
  const { suppliers, includeArchived } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <Page
      title="Suppliers"
      subtitle="The factories that make your products, their terms and how they perform."
      primaryAction={{ content: "Add supplier", url: "/app/suppliers/new" }}
      secondaryActions={[{ content: includeArchived ? "Hide archived" : "Show archived", url: includeArchived ? "/app/suppliers" : "/app/suppliers?archived=1" }]}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "supplier", plural: "suppliers" }}
              itemCount={suppliers.length}
              selectable={false}
              headings={[
                { title: "Name" },
                { title: "Region" },
                { title: "Contact" },
                { title: "Default lead time", alignment: "end" },
                { title: "Terms" },
                { title: "SKUs (primary / backup)", alignment: "end" },
              ]}
              emptyState={
                <EmptyState heading="Add your first supplier" action={{ content: "Add supplier", url: "/app/suppliers/new" }} image="">
                  <p>Record each factory once, then assign it to SKUs as primary or backup on the Assignments page.</p>
                </EmptyState>
              }
            >
              {suppliers.map((supplier, index) => (
                <IndexTable.Row id={supplier.id} key={supplier.id} position={index} onClick={() => navigate(`/app/suppliers/${supplier.id}`)}>
                  <IndexTable.Cell>
                    <Link to={`/app/suppliers/${supplier.id}`} onClick={(event) => event.stopPropagation()}>
                      <Text as="span" fontWeight="semibold">
                        {supplier.name}
                      </Text>
                    </Link>{" "}
                    {supplier.archivedAt && <Badge>Archived</Badge>}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{supplier.region || "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{[supplier.contactName, supplier.contactEmail].filter(Boolean).join(" · ") || "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {supplier.defaultLeadTimeDays} days
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {supplier.depositPct}% deposit · balance {supplier.paymentTermsDays} days · {supplier.currencyCode}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {supplier.primaryCount} / {supplier.backupCount}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
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
