import { SkeletonBodyText } from "@shopify/polaris";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useRef, type ReactNode } from "react";
import { ClientOnly } from "./ClientOnly";

/**
 * A fixed-height box for a Polaris Viz chart, rendered only in the browser (see ClientOnly), with
 * a text summary for assistive technology. The chart's SVG is hidden from screen readers (its
 * markup is not accessible: roles without required children, unlabelled points) and its focusable
 * points are taken out of the tab order, so keyboard users are not stopped at invisible stops;
 * mouse tooltips keep working.
 */
export function ChartFrame({ heightPx, summary, children }: { heightPx: number; summary: string; children: () => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const unfocus = () => element.querySelectorAll("[tabindex]:not([tabindex='-1']), a[href], button").forEach((node) => node.setAttribute("tabindex", "-1"));
    unfocus();
    const observer = new MutationObserver(unfocus);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <figure style={{ margin: 0 }}>
      <div ref={box} style={{ height: heightPx }} aria-hidden="true">
        <ClientOnly fallback={<SkeletonBodyText lines={Math.max(3, Math.round(heightPx / 40))} />}>
          {() => <PolarisVizProvider>{children()}</PolarisVizProvider>}
        </ClientOnly>
      </div>
      <figcaption style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>{summary}</figcaption>
    </figure>
  );
}
