import { competitionYamlReference } from '../.vitepress/reference/competition-yaml';
import { configurationReference } from '../.vitepress/reference/configuration';

/** The reference pages, generated at build time from the code they describe (see .vitepress/reference/). */
export default {
  paths() {
    return [
      { params: { topic: 'competition-yaml' }, content: competitionYamlReference().markdown },
      { params: { topic: 'configuration' }, content: configurationReference().markdown },
    ];
  },
};
