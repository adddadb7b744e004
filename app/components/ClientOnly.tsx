import { useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => undefined;

/**
 * Renders its children only in the browser, after hydration. Polaris Viz reads `window` while
 * rendering, so a chart rendered on the server fails the whole page; the fallback (a skeleton of
 * the same height) keeps the layout from shifting when the chart appears. The server snapshot
 * (false) is also what hydration uses, so server and client markup match.
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const isClient = useSyncExternalStore(subscribe, () => true, () => false);
  return <>{isClient ? children() : fallback}</>;
}
