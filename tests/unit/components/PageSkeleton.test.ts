import { describe, expect, it } from "vitest";
import { skeletonShapeOf } from "~/components/PageSkeleton";

describe("skeletonShapeOf", () => {
  it("titles list and form pages, whose names are known before their data", () => {
    expect(skeletonShapeOf("/app/assignments")).toEqual({ title: "Assignments", backAction: false, primaryAction: true });
    expect(skeletonShapeOf("/app/settings/")).toEqual({ title: "Settings", backAction: false, primaryAction: false });
    expect(skeletonShapeOf("/app/suppliers/new")).toEqual({ title: "New supplier", backAction: true, primaryAction: false });
    expect(skeletonShapeOf("/app")).toEqual({ title: "Overview", backAction: false, primaryAction: false });
  });

  it("leaves the title of a SKU's or a supplier's page to a placeholder bar, with a back button", () => {
    expect(skeletonShapeOf("/app/skus/60018300000101")).toEqual({ backAction: true, primaryAction: false });
    expect(skeletonShapeOf("/app/suppliers/cm9x0abc")).toEqual({ backAction: true, primaryAction: false });
  });
});
