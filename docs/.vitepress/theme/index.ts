import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import Screenshot from './Screenshot.vue';

/** The default theme with one component: screenshots of the web app taken by the browser tests. */
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('Screenshot', Screenshot);
  },
} satisfies Theme;
