import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitepress';

/**
 * The documentation site, built into dist/docs (`npx nx run docs:build`, part of `npm run build`) and served by the API
 * under /docs. The two reference pages are generated at build time from the code they describe (reference/*.paths.ts).
 */
export default defineConfig({
  title: 'Arena',
  description: 'Documentation of Arena, an open-source platform for data-science competitions and benchmarks',
  base: '/docs/',
  outDir: '../dist/docs',
  cacheDir: '../node_modules/.cache/vitepress',
  srcExclude: ['test/**', 'README.md'],
  // Page metadata in its own file: the API serves the docs under a Content-Security-Policy that runs no inline script.
  metaChunk: true,
  lastUpdated: false,
  head: [['link', { rel: 'icon', href: '/docs/logo.svg' }]],
  // The committed screenshots (public/screenshots) are replaced by the latest browser tests' (artifacts/screenshots)
  // where those exist, so a build after a test run shows the web app as it is.
  buildEnd(site) {
    const fresh = join(site.root, '..', 'artifacts', 'screenshots');
    const out = join(site.outDir, 'screenshots');
    for (const name of existsSync(out) ? readdirSync(out) : []) {
      if (existsSync(join(fresh, name))) {
        copyFileSync(join(fresh, name), join(out, name));
      }
    }
  },
  themeConfig: {
    logo: '/logo.svg',
    search: { provider: 'local' },
    outline: [2, 3],
    nav: [
      { text: 'Participants', link: '/participants/' },
      { text: 'Organizers', link: '/organizers/first-competition' },
      { text: 'Administrators', link: '/administrators/install' },
      { text: 'Contributors', link: '/contributors/architecture' },
      {
        text: 'Reference',
        items: [
          { text: 'competition.yaml', link: '/reference/competition-yaml' },
          { text: 'Configuration', link: '/reference/configuration' },
          { text: 'Command line', link: '/participants/cli' },
        ],
      },
    ],
    sidebar: {
      '/participants/': [
        {
          text: 'Participants',
          items: [
            { text: 'Getting started', link: '/participants/' },
            { text: 'Submitting', link: '/participants/submitting' },
            { text: 'Results, logs and limits', link: '/participants/results' },
            { text: 'The command line', link: '/participants/cli' },
          ],
        },
      ],
      '/organizers/': organizerSidebar(),
      '/reference/competition-yaml': organizerSidebar(),
      '/administrators/': adminSidebar(),
      '/reference/configuration': adminSidebar(),
      '/contributors/': [
        {
          text: 'Contributors',
          items: [
            { text: 'Architecture', link: '/contributors/architecture' },
            { text: 'Conventions', link: '/contributors/conventions' },
            { text: 'Tests', link: '/contributors/tests' },
            { text: 'Adding an endpoint', link: '/contributors/new-endpoint' },
          ],
        },
      ],
    },
  },
});

function organizerSidebar() {
  return [
    {
      text: 'Organizers',
      items: [
        { text: 'Your first competition', link: '/organizers/first-competition' },
        { text: 'Templates', link: '/organizers/templates' },
        { text: 'Testing a bundle locally', link: '/organizers/testing-locally' },
        { text: 'competition.yaml reference', link: '/reference/competition-yaml' },
        { text: 'Leaderboards and ranking', link: '/organizers/leaderboards' },
        { text: 'Phases and auto-migration', link: '/organizers/phases' },
        { text: 'Queues and workers', link: '/organizers/workers' },
        { text: 'Scoring images', link: '/organizers/images' },
        { text: 'Editing and exporting', link: '/organizers/editing' },
        { text: 'Migrating from CodaLab and Codabench', link: '/organizers/migrating' },
      ],
    },
  ];
}

function adminSidebar() {
  return [
    {
      text: 'Administrators',
      items: [
        { text: 'Installing', link: '/administrators/install' },
        { text: 'Configuration reference', link: '/reference/configuration' },
        { text: 'Storage', link: '/administrators/storage' },
        { text: 'Mail', link: '/administrators/mail' },
        { text: 'Backups and restore', link: '/administrators/backups' },
        { text: 'Upgrades and migrations', link: '/administrators/upgrades' },
        { text: 'Scaling', link: '/administrators/scaling' },
        { text: 'Security model', link: '/administrators/security' },
        { text: 'Monitoring', link: '/administrators/monitoring' },
      ],
    },
  ];
}
