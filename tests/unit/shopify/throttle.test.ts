import { describe, expect, it } from "vitest";
import { parseQueryCost, ThrottleTracker, waitMsForCost } from "~/shopify/throttle";

const status = { maximumAvailable: 2000, currentlyAvailable: 100, restoreRate: 100 };

describe("parseQueryCost", () => {
  it("reads Shopify's extensions.cost, including a THROTTLED answer's null actual cost", () => {
    expect(
      parseQueryCost({ cost: { requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000.0, currentlyAvailable: 666, restoreRate: 50.0 } } }),
    ).toEqual({ requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 666, restoreRate: 50 } });
  });

  it.each([[undefined], [{}], [{ cost: { throttleStatus: { maximumAvailable: 1, currentlyAvailable: 1, restoreRate: 0 } } }], [{ cost: { throttleStatus: "full" } }]])(
    "answers null for missing or unusable cost data (%j)",
    (extensions) => {
      expect(parseQueryCost(extensions)).toBeNull();
    },
  );
});

describe("waitMsForCost", () => {
  it.each([
    [50, status, 0, 0], // affordable now
    [300, status, 0, 2000], // 200 points short at 100/s
    [300, status, 1500, 500], // 1.5 s later, 150 of them are back
    [5000, status, 0, 19000], // more than the bucket holds: wait for a full bucket, not forever
  ])("cost %i with %j observed %i ms ago waits %i ms", (cost, s, elapsed, expected) => {
    expect(waitMsForCost(cost, s, elapsed)).toBe(expected);
  });
});

describe("ThrottleTracker", () => {
  it("waits up front for an operation it knows is too expensive for the bucket it last saw", () => {
    const tracker = new ThrottleTracker();
    expect(tracker.delayBeforeMs("BackstopVariantsPage", 0)).toBe(0);
    tracker.observe("BackstopVariantsPage", { requestedQueryCost: 902, actualQueryCost: 377, throttleStatus: { ...status, currentlyAvailable: 402 } }, 10_000);
    expect(tracker.delayBeforeMs("BackstopVariantsPage", 10_000)).toBe(5000);
    expect(tracker.delayBeforeMs("BackstopVariantsPage", 15_000)).toBe(0);
    expect(tracker.delayBeforeMs("BackstopShopProfile", 10_000)).toBe(0);
  });

  it("after THROTTLED, waits until the requested cost is back (with a point of slack)", () => {
    const tracker = new ThrottleTracker();
    const wait = tracker.delayAfterThrottleMs({ requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 666, restoreRate: 50 } }, 1000);
    expect(wait).toBe(Math.ceil(((753 - 666) / 50) * 1000));
    expect(tracker.delayAfterThrottleMs(null, 1234)).toBe(1234);
  });
});
