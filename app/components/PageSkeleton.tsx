import { BlockStack, Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from "@shopify/polaris";

interface SkeletonShape {
  /** The page's title when it is known before its data (list and form pages); detail pages show a bar. */
  title?: string;
  backAction: boolean;
  primaryAction: boolean;
}

/** What the page at `pathname` looks like before its data arrives: its title and header buttons. */
export function skeletonShapeOf(pathname: string): SkeletonShape {
  const path = pathname.replace(/\/+$/, "");
  const fixed: Record<string, SkeletonShape> = {
    "/app": { title: "Overview", backAction: false, primaryAction: false },
    "/app/skus": { title: "SKUs", backAction: false, primaryAction: false },
    "/app/suppliers": { title: "Suppliers", backAction: false, primaryAction: true },
    "/app/suppliers/new": { title: "New supplier", backAction: true, primaryAction: false },
    "/app/assignments": { title: "Assignments", backAction: false, primaryAction: true },
    "/app/settings": { title: "Settings", backAction: false, primaryAction: false },
  };
  // A SKU's or a supplier's page: its name comes with its data.
  return fixed[path] ?? { backAction: true, primaryAction: false };
}

/**
 * Shown in place of the current page while another page's data loads, so a click is answered at
 * once and the old page cannot be edited meanwhile. Polaris gives it role="status" ("Page loading").
 */
export function PageSkeleton({ pathname }: { pathname: string }) {
  const { title, backAction, primaryAction } = skeletonShapeOf(pathname);
  return (
    <SkeletonPage title={title} backAction={backAction} primaryAction={primaryAction}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={4} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}
