import type { AddVersionBody } from '@flowline/api-contract';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { buildLocalizedFlow, compareVersions, LATEST_FLOW_JSON_VERSION, validateFlow, type TranslatedText, type ValidationResult } from '@flowline/core';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { loadLatestFlowJson, toFlowVersion } from '../flows/flow-api.js';
import { Link } from '../router.js';
import type { PageProps } from '../routes.js';
import { Notice, Page } from '../ui/index.js';
import { PreviewPanel } from '../preview/preview-panel.js';
import { useFlowEndpoint } from '../preview/use-flow-endpoint.js';
import { findComponentAt, findScreenAt, findScreenTarget, setPropertyAt, type ComponentSelection } from './find-component-at.js';
import { FlowGraph } from './flow-graph.js';
import { JsonEditor, type JsonEditorHandle, type Problem } from './json-editor.js';
import { PropertyPanel } from './property-panel.js';
import { EndpointPanel } from './endpoint-panel.js';
import { UpgradePanel, type UpgradeOutcome } from './upgrade-panel.js';
import { TranslationsPanel } from './translations-panel.js';
import { endpointConfigField, toEndpointCheck, type EndpointDraft } from './endpoint-draft.js';
import './editor.css';

const VALIDATE_DELAY_MS = 200;

/** The editor: Flow JSON with live validation markers, the graph of screens, the property panel and the phone. */
export default function EditorPage({ params }: PageProps) {
  const id = params['id'] ?? '';
  const { me, client } = useSession();
  const [text, setText] = useState<string | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [result, setResult] = useState<ValidationResult>({ valid: true, errors: [], warnings: [] });
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<ComponentSelection | undefined>(undefined);
  const [selectedScreen, setSelectedScreen] = useState<string | undefined>(undefined);
  const [saveMessage, setSaveMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const [tab, setTab] = useState<'graph' | 'properties' | 'endpoint' | 'translations'>('graph');
  // The language the preview plays: undefined for the source, else that language's translations.
  const [previewTranslations, setPreviewTranslations] = useState<readonly TranslatedText[] | undefined>(undefined);
  const choosePreview = useCallback((translations: readonly TranslatedText[] | undefined) => setPreviewTranslations(translations), []);
  const [endpointDraft, setEndpointDraft] = useState<EndpointDraft>({ kind: 'unchanged' });
  const [upgrading, setUpgrading] = useState(false);
  const editor = useRef<JsonEditorHandle | undefined>(undefined);
  const live = useFlowEndpoint(id);

  useEffect(() => {
    void loadLatestFlowJson(client, id).then((loaded) => {
      if (loaded.ok) {
        setText(loaded.text);
        setVersion(loaded.version);
      } else setLoadError(loaded.message);
    });
  }, [client, id]);

  // Validation is debounced; the preview below follows every edit at once.
  useEffect(() => {
    if (text === undefined) return;
    const timer = setTimeout(() => {
      setResult(validateFlow(text, { now: new Date() }));
      setSelected(findComponentAt(text, cursor));
      setSelectedScreen(findScreenAt(text, cursor));
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, cursor]);

  const doc = useMemo(() => {
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [text]);
  const lastGood = useRef<unknown>(undefined);
  if (doc !== undefined) lastGood.current = doc;
  const flowVersion = typeof doc === 'object' && doc !== null && typeof (doc as Record<string, unknown>)['version'] === 'string' ? String((doc as Record<string, unknown>)['version']) : '7.3';

  const previewFlow = useMemo(
    () => (previewTranslations === undefined || lastGood.current === undefined ? lastGood.current : buildLocalizedFlow(lastGood.current, previewTranslations).flow),
    // lastGood follows `doc`: rebuild when the document or the translations change.
    [doc, previewTranslations],
  );
  const problems: Problem[] = useMemo(() => [...result.errors, ...result.warnings], [result]);
  const save = async () => {
    if (text === undefined) return;
    setSaveMessage(undefined);
    const saved = await client.post<unknown>(`/flows/${encodeURIComponent(id)}/versions`, { flowJson: text, ...endpointConfigField(endpointDraft) } satisfies AddVersionBody);
    if (!saved.ok) return setSaveMessage({ tone: 'error', text: saved.message });
    const v = toFlowVersion(saved.data)?.version;
    setVersion(v);
    setEndpointDraft({ kind: 'unchanged' });
    const endpoint = toEndpointCheck((saved.data as { endpoint?: unknown }).endpoint);
    const label = v === undefined ? 'Saved.' : `Saved as version ${v}.`;
    if (endpoint !== undefined && !endpoint.publishable) {
      return setSaveMessage({ tone: 'error', text: `${label} It cannot be published yet: ${endpoint.need !== null && !endpoint.hasEndpointConfig ? `it needs a data endpoint (${endpoint.need}) and has none` : 'its endpoint configuration does not fit the Flow'} (see the Endpoint tab).` });
    }
    setSaveMessage({ tone: 'success', text: label });
  };

  const upgradeDone = (outcome: UpgradeOutcome) => {
    setUpgrading(false);
    setText(outcome.text);
    if (outcome.kind === 'saved') {
      setVersion(outcome.version);
      setSaveMessage({ tone: 'success', text: `Upgraded to Flow JSON ${LATEST_FLOW_JSON_VERSION} and saved as version ${outcome.version}.` });
    } else {
      setSaveMessage({ tone: 'success', text: `The upgraded Flow JSON is in the editor, not saved yet: fix what needs manual work, then save a version.` });
    }
  };
  // Only for a document whose version the registry orders before the newest (a typo'd version is a validation problem).
  const canUpgrade = can(me, 'flows:write') && doc !== undefined && compareVersions(flowVersion, LATEST_FLOW_JSON_VERSION) < 0 && compareVersions(flowVersion, '0.0') > 0;

  if (loadError !== undefined) return <Page title="Editor"><Notice tone="error">{loadError}</Notice></Page>;
  if (text === undefined) return <p className="muted" role="status">Loading…</p>;
  return (
    <Page
      wide
      title={`Editor · ${id}`}
      actions={
        <>
          <span className="muted" aria-live="polite">
            {result.errors.length === 0 ? <span className="badge badge-published">valid</span> : <span className="badge badge-error">{result.errors.length} error{result.errors.length === 1 ? '' : 's'}</span>}{' '}
            {result.warnings.length === 0 ? null : <span className="badge badge-warning">{result.warnings.length} warning{result.warnings.length === 1 ? '' : 's'}</span>}
            {version === undefined ? null : <> · v{version}</>}
          </span>
          <Link to={`/flows/${encodeURIComponent(id)}`} className="button">Versions</Link>
          {canUpgrade ? <button type="button" className="button" onClick={() => setUpgrading(true)}>Upgrade to {LATEST_FLOW_JSON_VERSION}</button> : null}
          {can(me, 'flows:write') ? <button type="button" className="button primary" onClick={() => void save()}>Save version</button> : null}
        </>
      }
    >
      {saveMessage === undefined ? null : <Notice tone={saveMessage.tone}>{saveMessage.text}</Notice>}
      {upgrading ? <UpgradePanel client={client} flowId={id} text={text} to={LATEST_FLOW_JSON_VERSION} onDone={upgradeDone} onClose={() => setUpgrading(false)} /> : null}
      <div className="editor-layout">
        <section className="editor-main" aria-label="Flow JSON editor">
          <JsonEditor value={text} onChange={setText} onCursor={setCursor} problems={problems} handleRef={editor} />
          <h2 id="problems-title">Problems</h2>
          {problems.length === 0 ? <p className="muted">No problems.</p> : (
            <ul className="problems" aria-labelledby="problems-title">
              {problems.map((p, i) => (
                <li key={`${p.code}-${p.pointer}-${i}`}>
                  <button type="button" className={`problem problem-${p.severity}`} onClick={() => editor.current?.goTo(p.line, p.column)}>
                    <span className={`badge badge-${p.severity}`}>{p.severity}</span>
                    <span className="problem-where">{p.line}:{p.column}</span>
                    <span><code>{p.code}</code> {p.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="editor-side" aria-label="Screens and properties">
          <div className="tabs" role="tablist" aria-label="Side panel">
            <button type="button" role="tab" aria-selected={tab === 'graph'} onClick={() => setTab('graph')}>Screens</button>
            <button type="button" role="tab" aria-selected={tab === 'properties'} onClick={() => setTab('properties')}>Properties</button>
            <button type="button" role="tab" aria-selected={tab === 'endpoint'} onClick={() => setTab('endpoint')}>Endpoint</button>
            <button type="button" role="tab" aria-selected={tab === 'translations'} onClick={() => setTab('translations')}>Translations</button>
          </div>
          {/* Kept mounted, like the endpoint panel: the preview language and unsaved edits survive switching tabs. */}
          <div hidden={tab !== 'translations'}>
            <TranslationsPanel key={version ?? 0} client={client} flowId={id} version={version} canEdit={can(me, 'flows:write')} onPreview={choosePreview} />
          </div>
          {/* Kept mounted: an edited configuration survives switching tabs until it is saved. */}
          <div hidden={tab !== 'endpoint'}>
            <EndpointPanel key={version ?? 0} client={client} flowId={id} version={version} flowJson={text} canEdit={can(me, 'flows:write')} onDraft={setEndpointDraft} />
          </div>
          {tab === 'endpoint' || tab === 'translations' ? null : tab === 'graph' ? (
            <FlowGraph doc={lastGood.current} selected={selectedScreen} onSelect={(screen) => {
              // The screen's first component becomes the selection at once (not after the debounce),
              // so the Properties tab never shows the component selected before.
              const target = findScreenTarget(text, screen);
              if (target === undefined) return;
              setSelected(target.selection);
              setSelectedScreen(screen);
              editor.current?.goToOffset(target.offset);
            }} />
          ) : (
            <PropertyPanel component={selected?.component} pointer={selected?.pointer} version={flowVersion} onChange={(key, value) => {
              if (selected === undefined) return;
              const next = setPropertyAt(text, selected.pointer, key, value);
              if (next !== undefined) setText(next);
            }} />
          )}
        </section>
        <section className="editor-preview" aria-label="Preview">
          {lastGood.current === undefined ? <p className="muted">The JSON does not parse yet.</p> : !live.ready ? <p className="muted" role="status">Loading…</p> : <PreviewPanel flow={previewFlow} endpoint={live.endpoint} {...(live.start === undefined ? {} : { start: live.start })} />}
        </section>
      </div>
    </Page>
  );
}
