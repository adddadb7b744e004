import { hashString32 } from "./rng";

/**
 * Ids for one shop. Each shop owns a block of ID_BLOCK_SIZE consecutive ids starting at a base
 * derived from its domain, so ids never repeat across the shops generated in one process and an
 * app that mixes up two shops' rows fails loudly instead of matching by accident. Ids are large
 * (up to ~10^14, like Shopify's 13-digit ids) yet stay exact in a JS number (< 2^53), which also
 * catches code that squeezes ids into 32-bit integers.
 */
export const ID_BLOCK_SIZE = 100_000_000;
const ID_BLOCK_SLOTS = 999_983;

/** Which domain owns each id block in this process: a hash collision must not go unnoticed. */
const blockOwners = new Map<number, string>();

/** The first id of a domain's block (deterministic: same domain, same base, in every process). */
export function idBaseForDomain(domain: string): number {
  const slot = 1 + (hashString32(domain.toLowerCase()) % ID_BLOCK_SLOTS);
  return slot * ID_BLOCK_SIZE;
}

/**
 * Claims the id block starting at `idBase` for `domain`. Throws when another domain already
 * claimed the same block in this process (pass an explicit idBase to one of them).
 */
export function claimIdBlock(domain: string, idBase: number): void {
  if (!Number.isSafeInteger(idBase) || idBase <= 0 || idBase % ID_BLOCK_SIZE !== 0 || idBase + ID_BLOCK_SIZE > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`idBase ${idBase} must be a positive multiple of ${ID_BLOCK_SIZE} below 2^53`);
  }
  const owner = blockOwners.get(idBase);
  const key = domain.toLowerCase();
  if (owner !== undefined && owner !== key) {
    throw new Error(`Shops "${owner}" and "${domain}" would share the id block at ${idBase}; pass a distinct idBase to one of them`);
  }
  blockOwners.set(idBase, key);
}

export class IdAllocator {
  private nextId: number;
  private readonly endExclusive: number;

  /** Starts after `lastUsed` when given (to continue a block), else at the block's first id. */
  constructor(readonly idBase: number, lastUsed?: number) {
    this.nextId = lastUsed === undefined ? idBase + 1 : lastUsed + 1;
    this.endExclusive = idBase + ID_BLOCK_SIZE;
  }

  next(): number {
    if (this.nextId >= this.endExclusive) {
      throw new RangeError(`Id block starting at ${this.idBase} is exhausted (${ID_BLOCK_SIZE} ids)`);
    }
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }
}
