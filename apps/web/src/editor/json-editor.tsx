import { useEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { ValidationResult } from '@flowline/core';

/** A validator problem with its line and column. */
export type Problem = ValidationResult['errors'][number];

/** Editor handle for the page: jump to a line/column or to a character offset. */
export interface JsonEditorHandle {
  goTo(line: number, column: number): void;
  goToOffset(offset: number): void;
}

/** Turns the validator's problems (1-based line/column) into CodeMirror diagnostics spanning the token. */
export function toDiagnostics(state: EditorState, problems: readonly Problem[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of problems) {
    if (p.line < 1 || p.line > state.doc.lines) continue;
    const line = state.doc.line(p.line);
    const from = Math.min(line.from + Math.max(0, p.column - 1), line.to);
    const rest = state.doc.sliceString(from, line.to);
    const token = /^("(?:[^"\\]|\\.)*"|[^,\s}\]]+)/.exec(rest);
    const to = Math.max(from + 1, from + (token?.[0].length ?? 1));
    out.push({ from, to: Math.min(to, state.doc.length), severity: p.severity, message: `${p.code}: ${p.message}`, source: p.pointer });
  }
  return out;
}

/**
 * CodeMirror 6 JSON editor. The text is owned by the page (`onChange` on every edit); problems are
 * pushed in from outside so the same validation run feeds the markers and the problem list.
 */
export function JsonEditor({ value, onChange, onCursor, problems, handleRef }: {
  value: string;
  onChange: (text: string) => void;
  onCursor?: (offset: number) => void;
  problems: readonly Problem[];
  handleRef?: { current: JsonEditorHandle | undefined };
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const callbacks = useRef({ onChange, onCursor });
  callbacks.current = { onChange, onCursor };

  useEffect(() => {
    if (host.current === null) return;
    const created = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(), foldGutter(), lintGutter(), history(), drawSelection(), highlightActiveLine(), indentOnInput(), bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle), json(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ 'aria-label': 'Flow JSON', 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
            if (update.selectionSet || update.docChanged) callbacks.current.onCursor?.(update.state.selection.main.head);
          }),
        ],
      }),
    });
    view.current = created;
    if (handleRef !== undefined) {
      handleRef.current = {
        goTo(line, column) {
          const doc = created.state.doc;
          const l = doc.line(Math.min(Math.max(1, line), doc.lines));
          const at = Math.min(l.from + Math.max(0, column - 1), l.to);
          created.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
          created.focus();
        },
        goToOffset(offset) {
          const at = Math.min(Math.max(0, offset), created.state.doc.length);
          created.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
          created.focus();
        },
      };
    }
    return () => {
      created.destroy();
      view.current = undefined;
    };
    // The editor is created once; later `value` changes are applied below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v === undefined || v.state.doc.toString() === value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v === undefined) return;
    v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state, problems)));
  }, [problems, value]);

  return <div className="json-editor" ref={host} />;
}
