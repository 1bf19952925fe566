import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { BundleProblem } from './problems';

export interface YamlCodeEditorHandle {
  /** Selects the whole line (1-based), scrolls it to the middle of the editor and focuses the editor. */
  goToLine(line: number): void;
}

/** The problems that have a line in this file as CodeMirror diagnostics (underline, gutter marker, tooltip). */
function diagnosticsOf(view: EditorView, problems: readonly BundleProblem[]): Diagnostic[] {
  const doc = view.state.doc;
  return problems
    .filter((p) => p.line !== undefined && p.line >= 1 && p.line <= doc.lines)
    .map((p) => {
      const line = doc.line(p.line!);
      return {
        from: line.from,
        to: line.to,
        severity: p.severity,
        message: p.path ? `${p.path}: ${p.message}` : p.message,
      };
    });
}

/**
 * competition.yaml in CodeMirror 6: line numbers, YAML highlighting, search, and the validator's problems marked on
 * their lines. Controlled: `value` is the text, `onChange` gets every edit. The content is labelled by `labelledBy`
 * (a contenteditable cannot be the target of <label for>).
 */
export const YamlCodeEditor = forwardRef<
  YamlCodeEditorHandle,
  {
    value: string;
    onChange(text: string): void;
    problems: readonly BundleProblem[];
    labelledBy: string;
    describedBy?: string;
  }
>(function YamlCodeEditor({ value, onChange, problems, labelledBy, describedBy }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          'aria-labelledby': labelledBy,
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          'aria-multiline': 'true',
          // In the tab order by attribute too, so checkers see the scrolling editor as reachable by keyboard.
          tabindex: '0',
          spellcheck: 'false',
          autocapitalize: 'off',
          autocorrect: 'off',
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) {
            changed.current(u.state.doc.toString());
          }
        }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; later text comes in through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value set from outside (undo my changes, reload after save) replaces the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) {
      v.dispatch(setDiagnostics(v.state, diagnosticsOf(v, problems)));
    }
  }, [problems]);

  useImperativeHandle(
    ref,
    () => ({
      goToLine(n: number) {
        const v = view.current;
        if (!v) {
          return;
        }
        const line = v.state.doc.line(Math.max(1, Math.min(n, v.state.doc.lines)));
        v.dispatch({
          selection: EditorSelection.range(line.from, line.to),
          effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
        });
        v.focus();
        // The page scrolls too, so the editor itself is in view (the list of problems may be above it on a phone).
        v.dom.scrollIntoView({ block: 'nearest' });
      },
    }),
    [],
  );

  return <div ref={host} className="yaml-editor" data-testid="yaml-editor" />;
});
