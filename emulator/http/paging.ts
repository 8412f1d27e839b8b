// Cursor pagination as the OpenAI clients expect it: `after` is the id of the last item already seen.
import { invalidPayload } from "./errors";

export function page<T extends { id: string }>(
  items: T[],
  query: { after?: string; limit?: string },
  defaultLimit: number,
  maxLimit: number,
): { data: T[]; has_more: boolean } {
  let limit = defaultLimit;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
      throw invalidPayload(`limit must be an integer from 1 to ${maxLimit}.`, "limit");
  }
  let start = 0;
  if (query.after) {
    const i = items.findIndex((x) => x.id === query.after);
    if (i < 0) throw invalidPayload(`after '${query.after}' is not an id of this list.`, "after");
    start = i + 1;
  }
  const data = items.slice(start, start + limit);
  return { data, has_more: start + limit < items.length };
}
