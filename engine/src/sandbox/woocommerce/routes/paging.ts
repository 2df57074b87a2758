// WordPress REST paging: page/per_page in, X-WP-Total, X-WP-TotalPages and Link out.
import type { Request, Response } from "express";
import { invalidParam, wcError } from "../answers.ts";

export interface Paging {
  page: number;
  perPage: number;
}

/** The paging of a list request, or undefined after answering 400. */
export function pagingOf(req: Request, res: Response): Paging | undefined {
  const page = req.query.page === undefined ? 1 : Number(req.query.page);
  const perPage = req.query.per_page === undefined ? 10 : Number(req.query.per_page);
  if (!Number.isInteger(page) || page < 1) {
    invalidParam(res, "page", "page must be greater than or equal to 1");
    return undefined;
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    invalidParam(res, "per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
    return undefined;
  }
  return { page, perPage };
}

/** Answers one page of `items` with the paging headers; 400 past the last page, as WordPress. */
export function sendPage<T>(
  req: Request,
  res: Response,
  paging: Paging,
  total: number,
  slice: (from: number, to: number) => T[],
): void {
  const pages = Math.ceil(total / paging.perPage);
  if (paging.page > pages && total > 0) {
    wcError(
      res,
      400,
      "rest_post_invalid_page_number",
      "The page number requested is larger than the number of pages available.",
    );
    return;
  }
  const from = (paging.page - 1) * paging.perPage;
  res.setHeader("X-WP-Total", String(total));
  res.setHeader("X-WP-TotalPages", String(pages));
  const links: string[] = [];
  const url = new URL(
    req.originalUrl.split("?")[0] as string,
    `${req.protocol}://${req.headers.host}`,
  );
  for (const [k, v] of Object.entries(req.query as Record<string, string>)) {
    if (!k.startsWith("oauth_") && !k.startsWith("consumer_")) url.searchParams.set(k, v);
  }
  const at = (page: number) => {
    url.searchParams.set("page", String(page));
    return url.toString();
  };
  if (paging.page > 1) links.push(`<${at(paging.page - 1)}>; rel="prev"`);
  if (paging.page < pages) links.push(`<${at(paging.page + 1)}>; rel="next"`);
  if (links.length > 0) res.setHeader("Link", links.join(", "));
  res.json(slice(from, from + paging.perPage));
}
