import type { ImportTranslationsBody, LocalizationBody, SaveTranslationsBody } from '@flowline/api-contract';
import { useCallback, useEffect, useState } from 'react';
import type { TranslatedText } from '@flowline/core';
import type { ApiClient } from '../api-client.js';
import { Notice } from '../ui/index.js';
import { toLanguagesView, toLanguageView, toPreviewTranslations, type LanguagesView, type LanguageView } from './translations-view.js';

const STATUS_LABELS: Readonly<Record<string, string>> = {
  TRANSLATED: 'translated',
  TRANSLATION_MISSING: 'missing',
  TRANSLATION_OUTDATED: 'outdated',
  TRANSLATION_TOO_LONG: 'too long',
};

/**
 * The Flow's languages (docs/localization.md): add one, translate each text beside its source, see
 * the completeness check, and choose the language the phone preview plays (built in the browser by
 * core's `buildLocalizedFlow`, played by the same runtime).
 */
export function TranslationsPanel({ client, flowId, version, canEdit, onPreview }: {
  client: ApiClient;
  flowId: string;
  version: number | undefined;
  canEdit: boolean;
  onPreview: (translations: readonly TranslatedText[] | undefined) => void;
}) {
  const base = `/flows/${encodeURIComponent(flowId)}/translations`;
  const query = version === undefined ? '' : `?version=${version}`;
  const [languages, setLanguages] = useState<LanguagesView | undefined>(undefined);
  const [language, setLanguage] = useState<string | undefined>(undefined);
  const [view, setView] = useState<LanguageView | undefined>(undefined);
  const [edits, setEdits] = useState<Readonly<Record<string, string>>>({});
  const [newLanguage, setNewLanguage] = useState('');
  const [preview, setPreview] = useState<string>('');
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);

  const loadLanguages = useCallback(async () => {
    const answer = await client.get<unknown>(`${base}${query}`);
    if (!answer.ok) return setMessage({ tone: 'error', text: answer.message });
    setLanguages(toLanguagesView(answer.data));
  }, [client, base, query]);

  useEffect(() => { void loadLanguages(); }, [loadLanguages]);

  useEffect(() => {
    if (language === undefined) return setView(undefined);
    let live = true;
    void client.get<unknown>(`${base}/${encodeURIComponent(language)}${query}`).then((answer) => {
      if (!live) return;
      if (!answer.ok) return setMessage({ tone: 'error', text: answer.message });
      setView(toLanguageView(answer.data));
      setEdits({});
    });
    return () => { live = false; };
  }, [client, base, query, language]);

  // The preview follows the chosen language's stored translations.
  useEffect(() => {
    if (preview === '' || preview === languages?.sourceLanguage) return onPreview(undefined);
    let live = true;
    void client.get<unknown>(`${base}/${encodeURIComponent(preview)}${query}`).then((answer) => {
      const read = answer.ok ? toLanguageView(answer.data) : undefined;
      if (live && read !== undefined) onPreview(toPreviewTranslations(read));
    });
    return () => { live = false; };
  }, [client, base, query, preview, languages?.sourceLanguage, onPreview, view]);

  const addLanguage = async () => {
    if (languages === undefined || newLanguage.trim() === '') return;
    const next = [...languages.languages.map((l) => l.language), newLanguage.trim()];
    const answer = await client.put<unknown>(base, { sourceLanguage: languages.sourceLanguage, fallbackLanguage: languages.fallbackLanguage, languages: next } satisfies LocalizationBody);
    if (!answer.ok) return setMessage({ tone: 'error', text: answer.message });
    const added = (answer.data as { languages?: string[] }).languages?.at(-1);
    setNewLanguage('');
    setMessage({ tone: 'success', text: `Added ${added ?? newLanguage}.` });
    await loadLanguages();
    if (added !== undefined) setLanguage(added);
  };

  /** Downloads a file for translators (CSV or XLIFF 2.0) made by the server from the stored translations. */
  const exportFile = async (format: 'csv' | 'xliff') => {
    if (language === undefined) return;
    const answer = await client.get<{ content?: string; fileName?: string; mediaType?: string }>(`${base}/${encodeURIComponent(language)}/export?format=${format}${version === undefined ? '' : `&version=${version}`}`);
    if (!answer.ok || typeof answer.data.content !== 'string') return setMessage({ tone: 'error', text: answer.ok ? 'The server sent no file.' : answer.message });
    const url = URL.createObjectURL(new Blob([answer.data.content], { type: answer.data.mediaType ?? 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = answer.data.fileName ?? `translations.${format === 'csv' ? 'csv' : 'xlf'}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  /** Imports a translator's file; the format follows its name (.csv, else XLIFF). */
  const importFile = async (file: File | undefined) => {
    if (language === undefined || file === undefined) return;
    const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xliff';
    const answer = await client.post<unknown>(`${base}/${encodeURIComponent(language)}/import${query}`, { format, content: await file.text() } satisfies ImportTranslationsBody);
    if (!answer.ok) return setMessage({ tone: 'error', text: answer.message });
    const imported = (answer.data as { imported?: number; skipped?: unknown[] });
    setView(toLanguageView(answer.data));
    setEdits({});
    setMessage({ tone: 'success', text: `Imported ${imported.imported ?? 0} translation(s)${Array.isArray(imported.skipped) && imported.skipped.length > 0 ? `; ${imported.skipped.length} unknown key(s) skipped` : ''}.` });
    await loadLanguages();
  };

  const save = async () => {
    if (language === undefined) return;
    const translations = Object.entries(edits).map(([key, text]) => ({ key, text }));
    const answer = await client.put<unknown>(`${base}/${encodeURIComponent(language)}${query}`, { translations } satisfies SaveTranslationsBody);
    if (!answer.ok) return setMessage({ tone: 'error', text: answer.message });
    setView(toLanguageView(answer.data));
    setEdits({});
    setMessage({ tone: 'success', text: 'Translations saved.' });
    await loadLanguages();
  };

  return (
    <section className="translations-panel" aria-label="Translations">
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      {languages === undefined ? <p className="muted" role="status">Loading…</p> : (
        <>
          <p className="muted small">Source language <strong>{languages.sourceLanguage}</strong> · fallback <strong>{languages.fallbackLanguage}</strong>{version === undefined ? null : <> · version {version}</>}</p>
          <ul aria-label="Languages" className="plain-list">
            {languages.languages.map((l) => (
              <li key={l.language} data-language={l.language}>
                <button type="button" className="button small" aria-pressed={language === l.language} onClick={() => setLanguage(l.language)}>{l.language}</button>{' '}
                <span className={`badge ${l.complete ? 'badge-published' : 'badge-error'}`}>{l.complete ? 'complete' : `${l.translated}/${l.total}`}</span>
              </li>
            ))}
          </ul>
          {canEdit ? (
            <div className="inline-form">
              <label htmlFor="new-language">Add language</label>
              <input id="new-language" value={newLanguage} placeholder="es, pt-BR…" onChange={(e) => setNewLanguage(e.target.value)} />
              <button type="button" className="button small" onClick={() => void addLanguage()}>Add</button>
            </div>
          ) : null}
          <label htmlFor="preview-language">Preview in</label>
          <select id="preview-language" value={preview} onChange={(e) => setPreview(e.target.value)}>
            <option value="">{languages.sourceLanguage} (source)</option>
            {languages.languages.map((l) => <option key={l.language} value={l.language}>{l.language}</option>)}
          </select>
        </>
      )}
      {view === undefined ? null : (
        <>
          <h3>{view.language}: {view.complete ? 'complete' : `${view.problems.filter((p) => p.code !== 'TRANSLATION_UNUSED').length} problem(s)`}</h3>
          {view.problems.length === 0 ? null : (
            <ul aria-label="Completeness problems" className="problems">
              {view.problems.map((p) => <li key={`${p.code}-${p.key}`}><code>{p.code}</code> {p.message}</li>)}
            </ul>
          )}
          <table className="translations-table" aria-label={`Texts in ${view.language}`}>
            <thead><tr><th scope="col">Source ({view.sourceLanguage}) and {view.language}</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.key} data-key={row.key}>
                  {/* Source above its translation: the side panel is narrow. */}
                  <td>
                    <span className="muted small">{row.key}</span>
                    <div className="translation-source">{row.source}</div>
                    <input
                      aria-label={`${view.language} for ${row.key}`}
                      value={edits[row.key] ?? row.translation ?? ''}
                      readOnly={!canEdit}
                      {...(row.maxLength === null ? {} : { 'data-max-length': row.maxLength })}
                      onChange={(e) => setEdits({ ...edits, [row.key]: e.target.value })}
                    />
                  </td>
                  <td><span className={`badge ${row.status === 'TRANSLATED' ? 'badge-published' : 'badge-error'}`}>{STATUS_LABELS[row.status] ?? row.status}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
          {canEdit ? <button type="button" className="button primary" disabled={Object.keys(edits).length === 0} onClick={() => void save()}>Save translations</button> : null}
          <div className="inline-form" role="group" aria-label="Files for translators">
            <button type="button" className="button small" onClick={() => void exportFile('xliff')}>Export XLIFF</button>
            <button type="button" className="button small" onClick={() => void exportFile('csv')}>Export CSV</button>
            {canEdit ? (
              <>
                <label htmlFor="import-translations">Import CSV or XLIFF</label>
                <input id="import-translations" type="file" accept=".csv,.xlf,.xliff,text/csv,application/xliff+xml" onChange={(e) => void importFile(e.target.files?.[0])} />
              </>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
