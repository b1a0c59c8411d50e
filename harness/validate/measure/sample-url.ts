// The URL shape behind every measured mapping: ~85 bytes, a typical article link, the same in Redis and SQLite.

/** Seeded link i has URL `${MEASURE_URL_PREFIX}${i}` (what seedLinks writes with this prefix). */
export const MEASURE_URL_PREFIX = 'https://www.example-news-site.com/articles/2024/06/how-we-scaled-our-url-shortener-';

export function measureUrl(id: number): string {
  return MEASURE_URL_PREFIX + id;
}
