import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { VARIABLE_NOTES } from './configuration-notes';
import { tableCell as cell } from './markdown-text';

export interface Variable {
  name: string;
  /** What the config class checks, in words. */
  type: string;
  /** The default as written in the source, or '' for none. */
  default: string;
  description: string;
}

export interface ConfigReference {
  markdown: string;
  api: Variable[];
  worker: Variable[];
  /** Variables without a description (neither a comment in the config class nor a note). */
  undocumented: string[];
}

const ROOT = join(__dirname, '..', '..', '..');
export const API_CONFIG = 'apps/api/src/config/api-config.ts';
export const WORKER_CONFIG = 'apps/compute-worker/src/config.ts';

/**
 * The configuration reference, read from the config classes' source with the TypeScript compiler: the API's `ApiEnv`
 * (each property a variable, its initializer the default, its decorators the checks, its comment the description)
 * and the worker's zod `envSchema` (each key a variable, `.default(...)` the default). Variables without a comment
 * take their description from configuration-notes.ts; a variable with neither fails the docs test.
 */
export function configurationReference(root = ROOT): ConfigReference {
  const api = apiVariables(readFileSync(join(root, API_CONFIG), 'utf8'));
  const worker = workerVariables(readFileSync(join(root, WORKER_CONFIG), 'utf8'));
  const undocumented = [...api, ...worker].filter((v) => v.description === '').map((v) => v.name);
  const table = (vars: Variable[]) => [
    '| variable | checked as | default | what it does |',
    '|---|---|---|---|',
    ...vars.map(
      (v) =>
        `| <span id="${v.name.toLowerCase()}"></span>[\`${v.name}\`](#${v.name.toLowerCase()}) | ${cell(v.type)} | ${v.default ? `\`${cell(v.default)}\`` : 'none'} | ${cell(v.description || '**Not documented yet.**')} |`,
    ),
  ];
  const markdown = [
    INTRO,
    '## API {#api}',
    '',
    `Read by \`apps/api\` (class \`ApiEnv\` in \`${API_CONFIG}\`).`,
    '',
    ...table(api),
    '',
    '## Compute worker {#worker}',
    '',
    `Read by \`apps/compute-worker\` (\`envSchema\` in \`${WORKER_CONFIG}\`). The worker never reads the database.`,
    '',
    ...table(worker),
    '',
    CLI_VARIABLES,
  ].join('\n');
  return { markdown, api, worker, undocumented };
}

function apiVariables(source: string): Variable[] {
  const file = ts.createSourceFile(API_CONFIG, source, ts.ScriptTarget.ES2022, true);
  const env = file.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'ApiEnv',
  );
  if (!env) {
    throw new Error(`no class ApiEnv in ${API_CONFIG}`);
  }
  return env.members.filter(ts.isPropertyDeclaration).map((p) => {
    const name = p.name.getText(file);
    const decorators = (ts.getDecorators(p) ?? []).map((d) => d.expression.getText(file));
    const jsDoc = ts
      .getJSDocCommentsAndTags(p)
      .map((d) => (ts.isJSDoc(d) ? (ts.getTextOfJSDocComment(d.comment) ?? '') : ''))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    const initializer = p.initializer ? p.initializer.getText(file) : '';
    return {
      name,
      type: checksOf(decorators, Boolean(p.questionToken)),
      default: initializer.replace(/^'(.*)'$/, '$1').replace(/_/g, ''),
      description: joinDescriptions(jsDoc, VARIABLE_NOTES[name]),
    };
  });
}

/** `@IsInt() @Min(1) @Max(65535)` → "integer 1..65535"; `@IsIn(['true', 'false'])` → "true or false". */
function checksOf(decorators: string[], optional: boolean): string {
  const arg = (name: string) => decorators.find((d) => d.startsWith(`${name}(`))?.slice(name.length + 1, -1);
  const words: string[] = [];
  if (decorators.some((d) => d.startsWith('IsInt('))) {
    words.push('integer');
  } else if (decorators.some((d) => d.startsWith('IsNumber('))) {
    words.push('number');
  }
  const min = arg('Min');
  const max = arg('Max');
  if (min !== undefined || max !== undefined) {
    words.push(`${(min ?? '').replace(/_/g, '')}..${(max ?? '').replace(/_/g, '')}`);
  }
  const oneOf = arg('IsIn');
  if (oneOf) {
    words.push(
      oneOf
        .replace(/[[\]']/g, '')
        .split(/,\s*/)
        .join(', '),
    );
  }
  if (decorators.some((d) => d.startsWith('IsUrl('))) {
    words.push('URL');
  }
  const pattern = decorators.find((d) => d.startsWith('Matches('));
  if (pattern) {
    words.push(/message: '([^']+)'/.exec(pattern)?.[1]?.replace(/^[A-Z_]+ /, '') ?? 'pattern');
  }
  if (words.length === 0) {
    words.push('string');
  }
  return `${words.join(' ')}${optional ? ' (optional)' : ''}`;
}

function workerVariables(source: string): Variable[] {
  const file = ts.createSourceFile(WORKER_CONFIG, source, ts.ScriptTarget.ES2022, true);
  let schema: ts.ObjectLiteralExpression | undefined;
  file.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === 'envSchema' && node.initializer) {
      const call = node.initializer;
      if (ts.isCallExpression(call) && call.arguments[0] && ts.isObjectLiteralExpression(call.arguments[0])) {
        schema = call.arguments[0];
      }
    }
    node.forEachChild(visit);
  });
  if (!schema) {
    throw new Error(`no envSchema = z.object({...}) in ${WORKER_CONFIG}`);
  }
  return schema.properties.filter(ts.isPropertyAssignment).map((p) => {
    const name = p.name.getText(file);
    const text = p.initializer.getText(file).replace(/\s+/g, ' ');
    const def = /\.default\((.*)\)\s*$/.exec(text)?.[1] ?? '';
    return {
      name,
      type: workerCheck(text),
      default: readableDefault(def),
      description: VARIABLE_NOTES[`worker:${name}`] ?? VARIABLE_NOTES[name] ?? '',
    };
  });
}

function workerCheck(text: string): string {
  if (text.startsWith('urlWith(')) {
    return `URL (${/urlWith\(\[([^\]]*)\]/.exec(text)?.[1]?.replace(/'/g, '') ?? ''})`;
  }
  if (text.startsWith('positiveInt')) {
    return 'integer > 0';
  }
  if (text.startsWith('absolutePath')) {
    return `absolute path${text.includes('.optional()') ? ' (optional)' : ''}`;
  }
  if (text.includes('.nonnegative(')) {
    return 'number ≥ 0';
  }
  if (text.includes('.positive(')) {
    return 'number > 0';
  }
  if (text.startsWith('z.enum(')) {
    return 'one of the log levels';
  }
  return 'string';
}

/** Defaults that are expressions read as what they mean on the machine running the worker. */
function readableDefault(expression: string): string {
  const known: Record<string, string> = {
    'hostname()': 'the host name',
    'cpus().length || 1': "the host's CPU count",
    DEFAULT_JOB_QUEUE: 'arena.jobs',
    "'info'": 'info',
  };
  if (expression in known) {
    return known[expression];
  }
  const arithmetic = /^[\d_ *]+$/.test(expression)
    ? String(
        expression
          .replace(/_/g, '')
          .split('*')
          .reduce((product, n) => product * Number(n.trim()), 1),
      )
    : null;
  return arithmetic ?? expression.replace(/^'(.*)'$/, '$1').replace(/_/g, '');
}

function joinDescriptions(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(' ');
}

const INTRO = `# Configuration reference

Every environment variable the API and the compute worker read, generated from their configuration classes, so this
page lists exactly what the code checks. Both apps check their environment at boot and stop with a message naming
every bad variable; an empty variable means its default. \`deploy/run-platform.sh\` reads \`.env\` at the repository
root when present; [\`.env.example\`](#env-example) shows every default.
`;

const CLI_VARIABLES = `## Command line {#cli}

| variable | what it does |
|---|---|
| \`ARENA_URL\`, \`ARENA_TOKEN\` | override the server and token saved by \`arena login\` |
| \`ARENA_DOCS_URL\` | where the links printed by \`arena bundle validate\` point (default: the server's \`/docs\`) |
| \`XDG_CONFIG_HOME\` | where \`arena/config.json\` is kept (default \`~/.config\`) |

## .env.example {#env-example}

The repository's \`.env.example\` holds every default above; copy it to \`.env\` and change what differs. Values in
the environment of \`deploy/run-platform.sh\` win over \`.env\`.
`;
