import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import ExampleTable from './ExampleTable.vue';
import Screenshot from './Screenshot.vue';
import './custom.css';

/** The default theme, with screenshots of the web app taken by the browser tests and worked examples' tables. */
export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('Screenshot', Screenshot);
    app.component('ExampleTable', ExampleTable);
  },
} satisfies Theme;
