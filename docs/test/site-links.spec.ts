import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtSite } from './built-site';
import { deadLinks, htmlFiles } from './site-links';

describe('the built docs site', () => {
  it('has no dead internal link, image or anchor', () => {
    const site = builtSite();
    expect(htmlFiles(site).length).toBeGreaterThan(25);
    expect(deadLinks(site)).toEqual([]);
  });

  it('the checker finds a missing page, a missing file and a missing anchor', () => {
    const site = mkdtempSync(join(tmpdir(), 'docs-links-'));
    try {
      mkdirSync(join(site, 'guide'));
      writeFileSync(
        join(site, 'index.html'),
        '<h2 id="top">x</h2><a href="/docs/guide/a.html#there">ok</a><a href="#top">ok</a>',
      );
      writeFileSync(
        join(site, 'guide', 'a.html'),
        '<p id="there"></p><a href="./b.html">no page</a><a href="a.html#nowhere">no anchor</a><img src="/docs/x.png"><a href="https://example.org/#x">away</a><a href="/">outside</a>',
      );
      expect(deadLinks(site).map((d) => `${d.page} ${d.link}: ${d.why}`)).toEqual([
        '/docs/guide/a.html ./b.html: no such page or file',
        '/docs/guide/a.html a.html#nowhere: no element with id "nowhere" in guide/a.html',
        '/docs/guide/a.html /docs/x.png: no such page or file',
        '/docs/guide/a.html /: outside /docs/',
      ]);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});
