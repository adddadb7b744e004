/**
 * Result and partial-data files, served at signed, expiring URLs like the cloud-storage URLs Shopify
 * hands out: `…/bulk-results/<shop>/<operation>/<kind>.jsonl?Expires=<unix s>&Signature=<hmac>`.
 * A bad signature answers 403; an expired URL (by the clock, or the expired-URL fault) answers the
 * configured status with a storage-style XML error. Byte ranges are honoured so a download can resume.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import { BULK_RESULTS_PATH } from "../constants";

export type ResultKind = "result" | "partial";

export class ResultUrlSigner {
  private readonly secret = crypto.randomBytes(32);

  path(shopId: number, operationId: number, kind: ResultKind): string {
    return `${BULK_RESULTS_PATH}${shopId}/${operationId}/${kind}.jsonl`;
  }

  signature(path: string, expiresAtS: number): string {
    return crypto.createHmac("sha256", this.secret).update(`${path}\n${expiresAtS}`).digest("hex");
  }

  url(origin: string, shopId: number, operationId: number, kind: ResultKind, expiresAtMs: number): string {
    const path = this.path(shopId, operationId, kind);
    const expires = Math.floor(expiresAtMs / 1000);
    return `${origin}${path}?Expires=${expires}&Signature=${this.signature(path, expires)}`;
  }

  verify(path: string, expires: string | null, signature: string | null): boolean {
    if (!expires || !signature || !/^[0-9]+$/.test(expires)) return false;
    const expected = Buffer.from(this.signature(path, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }
}

export function parseResultPath(pathname: string): { shopId: number; operationId: number; kind: ResultKind } | null {
  const match = /^\/bulk-results\/([0-9]+)\/([0-9]+)\/(result|partial)\.jsonl$/.exec(pathname);
  if (!match) return null;
  return { shopId: Number(match[1]), operationId: Number(match[2]), kind: match[3] as ResultKind };
}

function storageError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { "Content-Type": "application/xml; charset=UTF-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

export interface ServeFileOptions {
  filePath: string | null;
  expired: boolean;
  expiredStatus: number;
}

/** Answers a GET for a verified result path. */
export function serveResultFile(req: http.IncomingMessage, res: http.ServerResponse, options: ServeFileOptions): void {
  if (options.expired) {
    storageError(res, options.expiredStatus, "ExpiredToken", "The provided token has expired.");
    return;
  }
  if (!options.filePath || !fs.existsSync(options.filePath)) {
    storageError(res, 404, "NoSuchKey", "The specified key does not exist.");
    return;
  }
  const size = fs.statSync(options.filePath).size;
  const range = parseRange(req.headers.range, size);
  if (range === "unsatisfiable") {
    res.writeHead(416, { "Content-Range": `bytes */${size}` });
    res.end();
    return;
  }
  const headers: http.OutgoingHttpHeaders = {
    "Content-Type": "application/jsonl",
    "Accept-Ranges": "bytes",
  };
  if (range) {
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
    headers["Content-Length"] = range.end - range.start + 1;
    res.writeHead(206, headers);
  } else {
    headers["Content-Length"] = size;
    res.writeHead(200, headers);
  }
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  // 1 MB reads: the emulator writes exports in slices between which it serves other requests, and
  // a file stream reads its next chunk only once the last one is out. With Node's 64 KB reads a
  // 4 MB catalog export took ~2 s to download while an orders export was being written (one chunk
  // per slice), time Shopify's file storage, which no export slows, would not take.
  const stream = fs.createReadStream(options.filePath, { highWaterMark: 1 << 20, ...(range ? { start: range.start, end: range.end } : {}) });
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=([0-9]*)-([0-9]*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
