import { type JsonText, jsonBytes } from './json-text';

/**
 * A cached board response (a page, or a caller's rank) and the same bytes with the board's freshness added as their
 * last field. The response is cached per board version, while its freshness (when the board last took in results,
 * how many wait) moves without a new version: the freshness is added here, and the result kept until it moves again,
 * so a reader never gets a page from one moment with the freshness of another, and a hot page is not copied per
 * request.
 */
export class FreshnessStamped {
  private last?: { freshness: string; json: JsonText };

  constructor(private readonly page: JsonText) {}

  /** `freshness`: the JSON text of the board's BoardFreshness. */
  with(freshness: string): JsonText {
    if (this.last?.freshness !== freshness) {
      // The page is a JSON object: its closing brace makes way for one more field.
      const body = Buffer.concat([this.page.body.subarray(0, -1), Buffer.from(`,"freshness":${freshness}}`)]);
      this.last = { freshness, json: jsonBytes(body) };
    }
    return this.last.json;
  }
}
