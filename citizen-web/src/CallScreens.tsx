import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { RemoteTrack, SessionState, Translate } from '@videoloket/call-client';
import { ChatPanel, RemoteAudio, useSessionState, VideoTile, type ChatLabels } from '@videoloket/call-client/react';
import type { CitizenKey } from './i18n';
import type { Joined } from './App';
import { DocumentsPanel } from './documents/DocumentsPanel';
import { useDocumentAnnouncements } from './documents/announcements';
import { CitizenForm } from './forms/CitizenForm';
import { OwnScreenShare, remoteScreen, ScreenStage } from './screen/ScreenStage';
import { CameraSwitch } from './screen/CameraSwitch';
import { AudioOnlyButton, CallQuality } from './quality/CallQuality';

interface Props {
  t: Translate<CitizenKey>;
  joined: Joined;
  linkToken?: string;
  onRejoin(): void;
}

/**
 * One polite live region for the whole call (issue 17: "screen readers hear what happens"):
 * admitted, a new chat message, a document ready or refused, asked to sign, the call ended.
 * Saying the same words twice still announces (a zero-width space makes the text differ).
 */
function useAnnouncer(): [string, (text: string) => void] {
  const [text, setText] = useState('');
  const lastAt = useRef(0);
  const say = useCallback((next: string) => {
    const now = Date.now();
    // Things that happen together (the sealed form and its document) are said together:
    // replacing the text at once would leave the first unsaid (and unrendered, when React
    // batches both updates).
    const together = now - lastAt.current < ANNOUNCE_TOGETHER_MS;
    lastAt.current = now;
    setText((prev) => (together && prev ? `${prev} ${next}` : prev === next ? `${next}\u200b` : next));
  }, []);
  return [text, say];
}

/** Announcements closer together than this are joined in the live region. */
const ANNOUNCE_TOGETHER_MS = 1500;

/** Everything after "join": connecting, waiting room, the call, and the end screens. */
export function CallScreens({ t, joined, linkToken, onRejoin }: Props) {
  const state = useSessionState(joined.session);
  const [announcement, announce] = useAnnouncer();

  // The local tracks end with the call; the camera light goes out.
  const over = ['refused', 'removed', 'ended', 'left', 'invalid-link', 'not-open-yet'].includes(state.phase);
  useEffect(() => {
    if (over) joined.stream.getTracks().forEach((tr) => tr.stop());
  }, [over, joined.stream]);

  useEffect(() => {
    const said = phaseAnnouncement(state, t);
    if (said) announce(said);
  }, [state.phase, t, announce]); // eslint-disable-line react-hooks/exhaustive-deps

  // New chat messages from others, wherever the chat is (on a phone it may be a closed sheet).
  const seenChat = useRef(state.chat.length);
  useEffect(() => {
    const fresh = state.chat.slice(seenChat.current).filter((m) => m.fromParticipantId !== state.self?.participantId);
    seenChat.current = state.chat.length;
    const last = fresh.at(-1);
    if (last) announce(t('chatNew', { name: last.fromName }));
  }, [state.chat, state.self?.participantId, t, announce]);
  useDocumentAnnouncements(joined.session, announce);

  let body;
  switch (state.phase) {
    case 'connecting':
      body = <p className="status">{t('connecting')}</p>;
      break;
    case 'waiting':
      body = <WaitingRoom t={t} joined={joined} />;
      break;
    case 'admitted':
    case 'reconnecting':
      body = <InCall t={t} joined={joined} state={state} announce={announce} />;
      break;
    case 'failed':
      body = <EndScreen title={t('failedTitle')} body={t('failedBody')} testId="screen-failed" />;
      break;
    case 'refused':
      body = <EndScreen title={t('refusedTitle')} body={t('refusedBody')} testId="screen-refused" />;
      break;
    case 'removed':
      body = <EndScreen title={t('removedTitle')} body={t('refusedBody')} testId="screen-removed" />;
      break;
    case 'ended':
      body = <EndedScreen t={t} linkToken={linkToken} seatKey={joined.session.storedSeat()?.resumeKey} />;
      break;
    case 'left':
      body = <EndScreen title={t('leftTitle')} body={t('leftBody')} testId="screen-left" />;
      break;
    case 'invalid-link':
      body = <EndScreen title={t('invalidTitle')} body={t('invalidBody')} testId="screen-invalid" />;
      break;
    case 'not-open-yet':
      body = <EndScreen title={t('notOpenTitle')} body={opensAtText(state.opensAt, t)} testId="screen-not-open" />;
      break;
    case 'replaced':
      body = (
        <EndScreen title={t('replacedTitle')} body={t('replacedBody')} testId="screen-replaced">
          <button type="button" onClick={onRejoin}>
            {t('rejoin')}
          </button>
        </EndScreen>
      );
      break;
  }
  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="phase-announcer">
        {announcement}
      </p>
      <div data-phase={state.phase} data-testid="call-root">
        {body}
      </div>
    </>
  );
}

/** "This call opens at 14:30" in the browser's time zone; with the date when it is not today. */
function opensAtText(opensAt: string | undefined, t: Translate<CitizenKey>): string {
  const when = opensAt ? new Date(opensAt) : undefined;
  if (!when || Number.isNaN(when.getTime())) return t('invalidBody');
  const lang = document.documentElement.lang || undefined;
  const time = when.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (when.toDateString() === new Date().toDateString()) return t('notOpenBody', { time });
  return t('notOpenBodyOtherDay', { time, date: when.toLocaleDateString(lang, { weekday: 'long', day: 'numeric', month: 'long' }) });
}

function phaseAnnouncement(state: SessionState, t: Translate<CitizenKey>): string {
  if (state.phase === 'waiting') return t('waitingTitle');
  if (state.phase === 'admitted') return t('admitted');
  if (state.phase === 'reconnecting') return t('reconnecting');
  if (state.phase === 'ended') return t('endedTitle');
  return '';
}

// Loaded when a call has ended: it brings the HTTP client and its schemas (zod), which the call itself does not need.
const AfterCallDocuments = lazy(() => import('./documents/AfterCallDocuments').then((m) => ({ default: m.AfterCallDocuments })));

/** The call ended: thanks, and the documents of the call to download (also when the link is reopened later). */
export function EndedScreen({ t, linkToken, seatKey }: { t: Translate<CitizenKey>; linkToken?: string; seatKey?: string }) {
  return (
    <EndScreen title={t('endedTitle')} body={t('endedBody')} testId="screen-ended">
      {linkToken && (
        <Suspense fallback={null}>
          <AfterCallDocuments linkToken={linkToken} seatKey={seatKey} />
        </Suspense>
      )}
    </EndScreen>
  );
}

function WaitingRoom({ t, joined }: { t: Translate<CitizenKey>; joined: Joined }) {
  return (
    <section className="waiting" aria-labelledby="waiting-heading" data-testid="waiting-room">
      <div className="waiting-text">
        <h1 id="waiting-heading">{t('waitingTitle')}</h1>
        <p className="lead">{t('waitingBody')}</p>
        <p>
          <strong>{t('waitingPrivacy')}</strong>
        </p>
        <p>{t('waitingAs', { name: joined.name })}</p>
        <div className="spinner" aria-hidden="true" />
        <button type="button" className="secondary" onClick={() => void joined.session.leave()} data-testid="leave-button">
          {t('leave')}
        </button>
      </div>
      <VideoTile track={joined.stream.getVideoTracks()[0]} label={t('selfView')} mirrored size="small" testId="self-view" />
    </section>
  );
}

type Sheet = 'documents' | 'chat' | null;

function InCall({ t, joined, state, announce }: { t: Translate<CitizenKey>; joined: Joined; state: SessionState; announce(text: string): void }) {
  const { session, stream } = joined;
  const selfId = state.self?.participantId;
  const others = (state.call?.participants ?? []).filter((p) => p.id !== selfId && p.status === 'admitted');
  const videos = state.remoteTracks.filter((r) => r.kind === 'video');
  const audios = state.remoteTracks.filter((r) => r.kind === 'audio');
  // With an interpreter in the call, the clerk stays the main picture.
  const main = others.find((p) => p.role === 'clerk') ?? others[0];
  const mainVideo = main && videos.find((v) => v.participantId === main.id && v.source === 'camera');
  // The camera switch replaces the track in the stream: keep the current one in state to redraw.
  const [localVideo, setLocalVideo] = useState(() => stream.getVideoTracks()[0]);
  const [busy, setBusy] = useState(false);
  // Phones: documents and chat open as sheets over the picture (wide screens show them beside it).
  const [sheet, setSheet] = useState<Sheet>(null);
  const [readChat, setReadChat] = useState(state.chat.length);
  useEffect(() => {
    if (sheet === 'chat') setReadChat(state.chat.length);
  }, [sheet, state.chat.length]);
  const unread = state.chat.slice(readChat).filter((m) => m.fromParticipantId !== selfId).length;

  const chatLabels: ChatLabels = {
    heading: t('chatHeading'),
    input: t('chatInput'),
    send: t('chatSend'),
    empty: t('chatEmpty'),
    you: t('you'),
    failed: t('chatFailed'),
    newMessage: (name) => t('chatNew', { name }),
  };

  async function toggle(source: 'microphone' | 'camera') {
    const paused = source === 'microphone' ? !state.micPaused : !state.cameraPaused;
    const track = source === 'microphone' ? stream.getAudioTracks()[0] : localVideo;
    if (track) track.enabled = !paused;
    setBusy(true);
    try {
      await session.setPaused(source, paused);
    } catch {
      /* the state already shows the choice; the server retries nothing we could fix here */
    } finally {
      setBusy(false);
    }
  }

  const onFormAnnounce = useCallback(
    (what: 'asked' | 'signed' | 'sealed', text: string) => {
      announce(text);
      // Asked to sign on a phone: the document and the box are in the documents sheet.
      if (what === 'asked') setSheet('documents');
    },
    [announce],
  );

  return (
    <div className="call-layout" data-testid="in-call" data-sheet={sheet ?? ''}>
      <section className="stage" aria-labelledby="call-heading">
        <h1 id="call-heading" className="visually-hidden">
          {t('callHeading')}
        </h1>
        {state.phase === 'reconnecting' && (
          <p className="banner" data-testid="reconnecting">
            {t('reconnecting')}
          </p>
        )}
        {/* No media path (a network that blocks UDP and our ports): say so instead of a black stage. */}
        {state.phase === 'admitted' && state.networkBlocksMedia && (
          <p className="banner" role="alert" data-testid="network-blocks-calls">
            {t('networkBlocksCalls')}
          </p>
        )}
        {state.phase === 'admitted' && <CallQuality t={t} session={session} state={state} other={main} />}
        <ScreenStage state={state} interruptedLabel={t('interrupted')} />
        <div className="stage-videos">
          {main ? (
            <VideoTile
              size={remoteScreen(state) ? 'small' : undefined}
              track={mainVideo?.track}
              label={t('clerkVideo', { name: main.displayName })}
              placeholder={isPaused(state, mainVideo) ? t('cameraIsOff') : mainVideo ? undefined : main.displayName}
              remote
              speaking={state.activeSpeakerId === main.id}
              interruptedLabel={t('interrupted')}
              testId="remote-video"
            />
          ) : (
            <div className="tile tile-large">
              <div className="tile-placeholder">{t('clerkNotHere')}</div>
            </div>
          )}
          <div className="self-overlay">
            <VideoTile track={localVideo} label={t('you')} placeholder={state.cameraPaused || state.audioOnly || !localVideo ? t('cameraIsOff') : undefined} mirrored size="small" testId="self-view" />
          </div>
          <div className="other-tiles">
            {others.slice(1).map((p) => {
              const v = videos.find((r) => r.participantId === p.id && r.source === 'camera');
              return <VideoTile key={p.id} track={v?.track} label={p.displayName} placeholder={v && !isPaused(state, v) ? undefined : p.displayName} size="small" remote interruptedLabel={t('interrupted')} />;
            })}
          </div>
        </div>
        {audios.map((a) => (
          <RemoteAudio key={a.consumerId} track={a.track} sinkId={joined.devices.audioOutput} />
        ))}
        <div className="controls" role="group" aria-label={t('controls')}>
          <button type="button" aria-pressed={state.micPaused} disabled={busy} onClick={() => void toggle('microphone')} data-testid="mute-button">
            {state.micPaused ? t('unmute') : t('mute')}
          </button>
          <button type="button" aria-pressed={state.cameraPaused} disabled={busy || !localVideo || state.audioOnly} onClick={() => void toggle('camera')} data-testid="camera-button">
            {state.cameraPaused ? t('cameraOn') : t('cameraOff')}
          </button>
          <CameraSwitch session={session} stream={stream} current={localVideo} paused={state.cameraPaused} onSwitched={setLocalVideo} label={t('switchCamera')} failed={t('switchCameraFailed')} />
          <AudioOnlyButton t={t} session={session} state={state} />
          <OwnScreenShare session={session} state={state} />
          <button type="button" className="sheet-toggle" aria-expanded={sheet === 'documents'} aria-controls="sheet-documents" onClick={() => setSheet(sheet === 'documents' ? null : 'documents')} data-testid="open-documents">
            {t('openDocuments')}
          </button>
          <button type="button" className="sheet-toggle" aria-expanded={sheet === 'chat'} aria-controls="sheet-chat" onClick={() => setSheet(sheet === 'chat' ? null : 'chat')} data-testid="open-chat">
            {unread ? t('openChatUnread', { count: unread }) : t('openChat')}
          </button>
          <button type="button" className="danger" onClick={() => void session.leave()} data-testid="leave-button">
            {t('leave')}
          </button>
        </div>
      </section>
      <div className="sheet" id="sheet-documents" data-open={sheet === 'documents'} data-testid="sheet-documents">
        <button type="button" className="secondary sheet-close" onClick={() => setSheet(null)}>
          {t('closeDocuments')}
        </button>
        <DocumentsPanel session={session} callId={state.call?.callId} selfId={selfId} httpToken={state.httpToken} />
        <CitizenForm session={session} onAnnounce={onFormAnnounce} />
      </div>
      <div className="sheet" id="sheet-chat" data-open={sheet === 'chat'} data-testid="sheet-chat">
        <button type="button" className="secondary sheet-close" onClick={() => setSheet(null)}>
          {t('closeChat')}
        </button>
        <ChatPanel messages={state.chat} selfId={selfId} onSend={(text) => session.sendChat(text)} labels={chatLabels} announceNew={false} />
      </div>
    </div>
  );
}

function isPaused(state: SessionState, track: RemoteTrack | undefined): boolean {
  if (!track) return false;
  for (const p of state.call?.participants ?? []) for (const pr of p.producers) if (pr.id === track.producerId) return pr.paused;
  return false;
}

function EndScreen({ title, body, testId, children }: { title: string; body: string; testId: string; children?: React.ReactNode }) {
  return (
    <section className="end-screen" data-testid={testId}>
      <h1>{title}</h1>
      <p>{body}</p>
      {children}
    </section>
  );
}
