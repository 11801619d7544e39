/**
 * The price list (`prices.json`, the one home of every price the estimate uses) and
 * the arithmetic of a price: a flat rate per `per` units, or tiers that count the
 * whole organization's usage (consolidated billing).
 */
import PRICE_FILE from "./prices.json";

/** Where a figure was read: see `about` in prices.json. */
export type PriceStatus = "official" | "third-party" | "not-found";

export interface PriceTier {
  /** Cumulative usage (in `per` units) this tier runs up to; the last tier has none. */
  readonly upTo?: number;
  readonly usd: number;
}

export interface Price {
  readonly service: string;
  readonly description: string;
  /** USD for `per` units; for a tiered price, the first tier's rate. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly tiers?: readonly PriceTier[];
  readonly region: string;
  readonly source: string;
  readonly readFrom?: string;
  readonly status: PriceStatus;
  readonly note?: string;
}

export interface PriceList {
  readonly readOn: string;
  readonly currency: string;
  readonly region: string;
  readonly about: string;
  readonly prices: Readonly<Record<PriceId, Price>>;
  readonly facts: {
    readonly glacierObjectOverhead: { readonly glacierBytes: number; readonly standardBytes: number };
  };
}

export type PriceId = keyof typeof PRICE_FILE.prices;

/** The prices as read on `readOn`. */
export const PRICES: PriceList = PRICE_FILE as PriceList;

/**
 * The cost of `quantity` units when `alreadyUsed` units of the same tiered price were
 * billed before (by earlier lines of the estimate): tiers count the total.
 */
export function priceAmount(price: Price, quantity: number, alreadyUsed = 0): number {
  if (!price.tiers) return (quantity / price.per) * price.usd;
  let amount = 0;
  let from = alreadyUsed;
  let left = quantity;
  for (const tier of price.tiers) {
    if (left <= 0) break;
    const top = tier.upTo ?? Infinity;
    if (from >= top) continue;
    const here = Math.min(left, top - from);
    amount += (here / price.per) * tier.usd;
    from += here;
    left -= here;
  }
  return amount;
}

const usd = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: n === 0 ? 0 : 2, maximumFractionDigits: 10 })}`;

/** "$0.10 / 100,000 events", "$0.30 / metric-month, tiered"; a price not found in stored pages ends in " *". */
export function formatPrice(price: Price): string {
  const per = price.per === 1 ? price.unit : `${price.per.toLocaleString("en-US")} ${price.unit}`;
  return `${usd(price.usd)} / ${per}${price.tiers ? ", tiered" : ""}${price.status === "not-found" ? " *" : ""}`;
}
