import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CallSession, createTranslator, openLocalMedia, stopStream, type Language, type SessionState, type Translate } from '@videoloket/call-client';
import { ChatPanel, useSessionState, VideoTile, type ChatLabels } from '@videoloket/call-client/react';
import type { ParticipantView } from '@videoloket/contracts';
import type { DeskKey } from './i18n';
import type { DeskAuth } from './api';
import { FormPanel } from './forms/FormPanel';
import { InterpreterPanel, interpreterTileLabel } from './interpreter/InterpreterPanel';
import { DeskRemoteScreens, DeskScreenShareButton } from './screen/DeskScreenShare';
import { DeskAudio } from './audio/DeskAudio';
import { DeskDevices } from './devices/DeskDevices';
import { SeatMarks, WithdrawLinkButton, WithdrawOffer, withdrawLink, type WithdrawOfferState } from './links/LinkControls';
import { linkText } from './links/labels';
import { EndCall } from './outcome/EndCall';
import { ShortcutsHelp } from './shortcuts/ShortcutsHelp';
import { shortcutText } from './shortcuts/labels';
import { useDeskShortcuts, useQuestionMarkHelp } from './shortcuts/useDeskShortcuts';
import { NotificationPermissionControl, useWaitingAlerts, useWaitingAlertSettings, WaitedFor } from './waiting';
import { OwnConnectionQuality, ParticipantConnectionQuality } from './quality/ConnectionQuality';
import { CheckBeforeCallSetting, DeskDeviceCheck, type CheckedDevices } from './devices/DeskDeviceCheck';
import { DeskDeviceStore } from './devices/device-store';
import { safeStorage } from './audio/storage';
import { appointmentsCatalogues } from './appointments/i18n';
import { statusText } from './appointments/labels';
import { CasePane } from './cockpit/CaseWindow';
import { useCockpitSync, type CaseSummary } from './cockpit/channel';
import { SharedDocumentsPanel } from './cockpit/SharedDocumentsPanel';
import { cockpitText } from './cockpit/labels';
import { openCaseWindow } from './cockpit/openCaseWindow';
import { useCockpitLayout } from './cockpit/layout';

type RailItem = 'waiting' | 'chat' | 'documents' | 'forms' | 'interpreter' | 'sound' | 'register';

// Loaded when a call room opens: it keeps the desk's first download within its budget (vite.config.ts).
const RegisterPanel = lazy(() => import('./register/RegisterPanel').then((m) => ({ default: m.RegisterPanel })));

interface Props {
  t: Translate<DeskKey>;
  lang: Language;
  auth: DeskAuth;
  callId: string;
  onClose(): void;
  onUnauthenticated(): void;
}

/**
 * The clerk's device check (unless switched off), then the call session with the devices chosen
 * there; switched off, the call opens the remembered devices at once.
 */
export function CallRoom(props: Props) {
  const [checked, setChecked] = useState<CheckedDevices | undefined>();
  const [skipCheck] = useState(() => !new DeskDeviceStore(safeStorage()).load(props.auth.clerk.id).checkBeforeCall);
  if (!checked && !skipCheck) return <DeskDeviceCheck clerkId={props.auth.clerk.id} lang={props.lang} onStart={setChecked} />;
  return <CallMedia {...props} checked={checked} />;
}

/** Opens the call session with the checked stream (or the remembered devices), and closes both when it goes. */
function CallMedia({ checked, ...props }: Props & { checked?: CheckedDevices }) {
  const [ready, setReady] = useState<{ session: CallSession; stream: MediaStream }>();
  useEffect(() => {
    let cancelled = false;
    let opened: { session: CallSession; stream: MediaStream } | undefined;
    const devices = checked?.devices ?? new DeskDeviceStore(safeStorage()).load(props.auth.clerk.id);
    // The checked stream, unless an earlier run of this effect stopped it (StrictMode runs it twice).
    const live = checked?.stream.getTracks().some((track) => track.readyState === 'live');
    const media = checked && live ? Promise.resolve(checked) : openLocalMedia({ audioInput: devices.audioInput, videoInput: devices.videoInput });
    void media.then(({ stream }) => {
      if (cancelled) return stopStream(stream);
      const session = new CallSession({
        socket: { auth: { token: props.auth.token, callId: props.callId } },
        seatId: props.callId,
        localTracks: () => ({ audio: stream.getAudioTracks()[0], video: stream.getVideoTracks()[0] }),
      });
      session.start();
      opened = { session, stream };
      setReady(opened);
    });
    return () => {
      cancelled = true;
      opened?.session.close();
      stopStream(opened?.stream ?? checked?.stream);
    };
  }, [props.auth.token, props.auth.clerk.id, props.callId, checked]);
  if (!ready) return <p role="status">{props.t('connecting')}</p>;
  return <Room {...props} session={ready.session} stream={ready.stream} />;
}

function Room({ t, lang, auth, callId, session, stream, onClose, onUnauthenticated }: Props & { session: CallSession; stream: MediaStream }) {
  const state = useSessionState(session);
  // A device switch puts new tracks in `stream`: render again to show them.
  const [, setDevicesChanged] = useState(0);
  const [announce, setAnnounce] = useState('');
  const [actionError, setActionError] = useState<string>();
  const [withdrawOffer, setWithdrawOffer] = useState<WithdrawOfferState>();
  const knownWaiting = useRef(new Set<string>());
  // The cockpit (issue 12 item 1): the case in a window of its own, or beside the call.
  const sync = useCockpitSync(callId, 'call');
  const caseT = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const [layout, chooseLayout] = useCockpitLayout(auth.clerk.id);
  const { update } = sync;
  const onCase = useCallback((caseSummary: CaseSummary) => update({ caseSummary }), [update]);
  const railPanels = useRef<HTMLDivElement>(null);
  const [railCurrent, setRailCurrent] = useState<RailItem>('waiting');
  function showRailItem(item: RailItem) {
    setRailCurrent(item);
    const target = railPanels.current?.querySelector<HTMLElement>(`#rail-${item}`);
    target?.scrollIntoView({ block: 'start' });
    target?.querySelector<HTMLElement>('h2, h3')?.setAttribute('tabindex', '-1');
    target?.querySelector<HTMLElement>('h2, h3')?.focus();
  }
  async function openCaseInWindow() {
    // Two windows: the case goes to its own (second screen where granted); none beside the call.
    chooseLayout('call');
    await openCaseWindow(callId);
  }

  const selfId = state.self?.participantId;
  const participants = state.call?.participants ?? [];
  const waiting = participants.filter((p) => p.status === 'waiting');
  const admitted = participants.filter((p) => p.status === 'admitted' && p.id !== selfId);

  // Knock (and notify while the desk is in the background) for each newcomer; the list the join brings is the baseline.
  useWaitingAlerts(auth.clerk.id, state.call ? waiting.map((p) => ({ id: p.id, name: p.displayName, call: state.call?.title ?? '' })) : undefined);
  const [alertSettings] = useWaitingAlertSettings(auth.clerk.id);

  // Announce each newcomer in the waiting room once.
  useEffect(() => {
    for (const p of waiting) {
      if (!knownWaiting.current.has(p.id)) setAnnounce(t('waitingAnnounce', { name: p.displayName }));
    }
    knownWaiting.current = new Set(waiting.map((p) => p.id));
  }, [waiting, t]);

  useEffect(() => {
    if (state.phase === 'invalid-link') onUnauthenticated();
  }, [state.phase, onUnauthenticated]);

  async function act(fn: () => Promise<unknown>, done?: string) {
    setActionError(undefined);
    try {
      await fn();
      if (done) setAnnounce(done);
    } catch (err) {
      setActionError(t('error', { code: err instanceof Error && 'code' in err ? String(err.code) : 'NETWORK' }));
    }
  }

  /** Refuse or remove, then offer to withdraw the link they came through (issue 9, finding 5). */
  function sendAway(p: ParticipantView, reason: 'refused' | 'removed') {
    void act(async () => {
      await (reason === 'refused' ? session.refuse(p.id) : session.remove(p.id));
      if (p.linkId) setWithdrawOffer({ name: p.displayName, linkId: p.linkId, reason });
    });
  }

  function withdraw(linkId: string) {
    setWithdrawOffer(undefined);
    void act(() => withdrawLink(session, linkId), linkText('withdrawn'));
  }

  async function toggle(source: 'microphone' | 'camera') {
    const paused = source === 'microphone' ? !state.micPaused : !state.cameraPaused;
    const track = source === 'microphone' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    if (track) track.enabled = !paused;
    await act(() => session.setPaused(source, paused));
  }

  // Keyboard shortcuts (issue 12 item 7): the same actions as the buttons, from anywhere in the call.
  const [helpOpen, setHelpOpen] = useState(false);
  const [questionMarkHelp, setQuestionMarkHelp] = useQuestionMarkHelp(auth.clerk.id);
  const shareControl = useRef<HTMLSpanElement>(null);
  useDeskShortcuts(
    {
      admitNext: () => {
        const next = longestWaiting(waiting);
        if (next) void act(() => session.admit(next.id), t('admitted', { name: next.displayName }));
        else setAnnounce(shortcutText('nobodyWaiting'));
      },
      mute: () => void toggle('microphone'),
      camera: () => {
        if (stream.getVideoTracks()[0]) void toggle('camera');
      },
      // The button keeps the sharing state; the keydown's user activation lets it open the picker.
      shareScreen: () => shareControl.current?.querySelector('button')?.click(),
      openCase: () => void openCaseInWindow(),
      help: () => setHelpOpen(true),
    },
    questionMarkHelp,
  );

  const over = endMessage(state, t);
  if (over) {
    return (
      <section className="end-screen" data-testid="desk-call-over">
        <h1>{over}</h1>
        <button type="button" onClick={onClose}>
          {t('backToList')}
        </button>
      </section>
    );
  }

  const chatLabels: ChatLabels = {
    heading: t('chatHeading'),
    input: t('chatInput'),
    send: t('chatSend'),
    empty: t('chatEmpty'),
    you: t('you'),
    failed: t('chatFailed'),
    newMessage: (name) => t('chatNew', { name }),
  };
  const localVideo = stream.getVideoTracks()[0];
  const railItems: { id: RailItem; label: string }[] = [
    { id: 'waiting', label: waiting.length ? `${cockpitText('tab_waiting')} (${waiting.length})` : cockpitText('tab_waiting') },
    { id: 'chat', label: cockpitText('tab_chat') },
    { id: 'documents', label: cockpitText('tab_documents') },
    { id: 'forms', label: cockpitText('tab_forms') },
    { id: 'interpreter', label: cockpitText('tab_interpreter') },
    { id: 'sound', label: cockpitText('tab_sound') },
    { id: 'register', label: cockpitText('tab_register') },
  ];

  return (
    <div className={`room cockpit-call layout-${layout}`} data-testid="desk-room" data-phase={state.phase} data-layout={layout}>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="desk-announcer">
        {announce}
      </p>
      <div className="room-head">
        <button type="button" className="secondary" onClick={onClose}>
          {t('backToList')}
        </button>
        <h1>{state.call?.title ?? ''}</h1>
        {sync.shared.caseSummary && (
          <p className="case-status-badge" data-testid="call-case-status" data-status={sync.shared.caseSummary.status}>
            {cockpitText('caseInHeader', { reference: sync.shared.caseSummary.reference, status: statusText(caseT, sync.shared.caseSummary.status) })}
          </p>
        )}
        <span className="room-head-actions">
          <button type="button" className="secondary" aria-pressed={layout === 'side'} onClick={() => chooseLayout(layout === 'side' ? 'call' : 'side')} data-testid="layout-toggle">
            {cockpitText('layoutSideBySide')}
          </button>
          <button type="button" className="secondary" onClick={() => void openCaseInWindow()} data-testid="open-case-window">
            {cockpitText('openCaseWindow')}
          </button>
          <span className="visually-hidden" data-testid="case-window-state">
            {sync.peerOpen ? cockpitText('caseWindowOpen') : cockpitText('caseWindowClosed')}
          </span>
        </span>
      </div>
      {state.call?.identityVerified && (
        <p className="status" data-testid="call-identity-verified">
          {t('identityVerifiedInCall', { name: state.call.identityVerified.name })}
        </p>
      )}
      {state.phase === 'connecting' && <p className="status">{t('connecting')}</p>}
      {state.phase === 'reconnecting' && <p className="banner">{t('reconnecting')}</p>}
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      <div className="cockpit-body">
        <div className="cockpit-stage">
          <section aria-labelledby="participants-heading" data-testid="participants" className="stage-videos">
            <h2 id="participants-heading" className="visually-hidden">
              {t('participants')}
            </h2>
            <DeskRemoteScreens state={state} />
            <div className={`tiles tiles-${Math.min(admitted.length, 3)}`}>
              {admitted.map((p) => (
                <ParticipantTile key={p.id} p={p} state={state} t={t} onRemove={() => sendAway(p, 'removed')} />
              ))}
              {admitted.length === 0 && <p className="stage-empty status">{waiting.length ? t('waitingRoom') : t('nobodyWaiting')}</p>}
            </div>
            <div className="self-view">
              <VideoTile track={localVideo} label={t('you')} placeholder={state.cameraPaused || !localVideo ? t('cameraIsOff') : undefined} mirrored size="small" testId="self-view" />
            </div>
          </section>
          <div className="controls control-bar" role="group" aria-label={t('callControls')}>
            <button type="button" aria-pressed={state.micPaused} onClick={() => void toggle('microphone')} data-testid="mute-button">
              {state.micPaused ? t('unmute') : t('mute')}
            </button>
            <button type="button" aria-pressed={state.cameraPaused} disabled={!localVideo} onClick={() => void toggle('camera')} data-testid="camera-button">
              {state.cameraPaused ? t('cameraOn') : t('cameraOff')}
            </button>
            <span ref={shareControl} className="contents">
              <DeskScreenShareButton session={session} />
            </span>
            {state.phase === 'admitted' && <OwnConnectionQuality quality={state.connectionQuality} />}
            <button type="button" className="secondary" onClick={() => setHelpOpen(true)} data-testid="shortcuts-button">
              {shortcutText('shortcutsHelp')}
            </button>
            <button type="button" className="secondary" onClick={() => void session.leave().then(onClose)} data-testid="leave-button">
              {t('leave')}
            </button>
            <EndCall
              labels={{ end: t('endCall'), question: t('endConfirm'), yes: t('endYes'), no: t('endNo') }}
              // Someone was talked to: most calls end handled; nobody came: the citizen did not show up.
              proposed={() => (admitted.length > 0 ? 'completed' : 'no-show')}
              onEnd={(outcome) => void act(() => session.end(outcome))}
              testId="end-call"
            />
          </div>
        </div>
        <aside className="cockpit-rail" aria-label={cockpitText('rail')} data-testid="call-rail">
          <nav className="rail-tabs" aria-label={cockpitText('rail')}>
            {railItems.map((item) => (
              <button key={item.id} type="button" className="secondary small" aria-current={railCurrent === item.id ? 'true' : undefined} onClick={() => showRailItem(item.id)} data-testid={`rail-tab-${item.id}`}>
                {item.label}
              </button>
            ))}
          </nav>
          <div className="rail-panels" ref={railPanels}>
            <section id="rail-waiting" aria-labelledby="waiting-heading" className="panel waiting-panel" data-testid="waiting-list">
              <h2 id="waiting-heading">{t('waitingRoom')}</h2>
              {alertSettings.notifications && <NotificationPermissionControl onlyToAsk />}
              {waiting.length === 0 ? (
                <p className="status">{t('nobodyWaiting')}</p>
              ) : (
                <ul>
                  {waiting.map((p) => (
                    <li key={p.id} data-testid="waiting-entry">
                      <span>
                        {t('waitingName', { name: p.displayName })} <SeatMarks p={p} />
                        {p.waitingSince && <WaitedFor since={p.waitingSince} />}
                      </span>
                      <span className="row-actions">
                        <button type="button" aria-label={t('admitName', { name: p.displayName })} onClick={() => void act(() => session.admit(p.id), t('admitted', { name: p.displayName }))} data-testid="admit">
                          {t('admit')}
                        </button>
                        <button type="button" className="secondary" aria-label={t('refuseName', { name: p.displayName })} onClick={() => sendAway(p, 'refused')} data-testid="refuse">
                          {t('refuse')}
                        </button>
                        <WithdrawLinkButton p={p} onWithdraw={withdraw} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {withdrawOffer && (
                <WithdrawOffer offer={withdrawOffer} participants={participants} onWithdraw={withdraw} onKeep={() => setWithdrawOffer(undefined)} />
              )}
            </section>
            <div id="rail-chat">
              <ChatPanel messages={state.chat} selfId={selfId} onSend={(text) => session.sendChat(text)} labels={chatLabels} />
            </div>
            <div id="rail-documents">
              <SharedDocumentsPanel session={session} state={state} sync={sync} />
            </div>
            <div id="rail-forms">
              <FormPanel session={session} state={state} />
            </div>
            <div id="rail-interpreter">
              <InterpreterPanel session={session} others={admitted} onError={(err) => setActionError(t('error', { code: err instanceof Error && 'code' in err ? String(err.code) : 'NETWORK' }))} />
            </div>
            <div id="rail-sound" className="panel">
              {/* Remote voices play through the clerk's listening chain (gain, voice clarity, output device). */}
              <DeskAudio session={session} state={state} clerkId={auth.clerk.id} others={admitted} />
              <CheckBeforeCallSetting clerkId={auth.clerk.id} lang={lang} />
              <DeskDevices
                call={session}
                stream={stream}
                onSwitched={() => {
                  setDevicesChanged((n) => n + 1);
                  // The devices chosen mid-call are the ones the next call opens.
                  new DeskDeviceStore(safeStorage()).remember(auth.clerk.id, {
                    videoInput: stream.getVideoTracks()[0]?.getSettings().deviceId,
                    audioInput: stream.getAudioTracks()[0]?.getSettings().deviceId,
                  });
                }}
              />
            </div>
            {/* Clerk-only (the server refuses anyone else); the case window has it too. */}
            <div id="rail-register">
              <Suspense fallback={null}>
                <RegisterPanel auth={auth} callId={callId} lang={lang} onUnauthenticated={onUnauthenticated} />
              </Suspense>
            </div>
          </div>
        </aside>
        {layout === 'side' && (
          <div className="cockpit-case-side" data-testid="case-beside-call">
            <CasePane lang={lang} auth={auth} callId={callId} ended={false} onCase={onCase} onUnauthenticated={onUnauthenticated} />
          </div>
        )}
      </div>
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} questionMark={questionMarkHelp} onQuestionMarkChange={setQuestionMarkHelp} />
    </div>
  );
}

function ParticipantTile({ p, state, t, onRemove }: { p: ParticipantView; state: SessionState; t: Translate<DeskKey>; onRemove(): void }) {
  const video = state.remoteTracks.find((r) => r.participantId === p.id && r.kind === 'video' && r.source === 'camera');
  const paused = video ? p.producers.find((pr) => pr.id === video.producerId)?.paused : false;
  const label = p.connected ? (interpreterTileLabel(p) ?? t('videoOf', { name: p.displayName })) : `${p.displayName} (${t('disconnected')})`;
  return (
    <div className="participant" data-testid="participant" data-participant-id={p.id}>
      <VideoTile track={video?.track} label={label} placeholder={paused ? t('cameraIsOff') : video ? undefined : p.displayName} remote speaking={state.activeSpeakerId === p.id} interruptedLabel={t('interrupted')} testId="remote-video" />
      <SeatMarks p={p} />
      {p.connected && !p.id.startsWith('sip:') && <ParticipantConnectionQuality quality={p.connectionQuality} name={p.displayName} />}
      {/* Phone interpreters (sip:…) are hung up from the interpreter panel. */}
      {p.role !== 'clerk' && !p.id.startsWith('sip:') && (
        <button type="button" className="secondary small" aria-label={t('removeName', { name: p.displayName })} onClick={onRemove} data-testid="remove">
          {t('remove')}
        </button>
      )}
    </div>
  );
}

function endMessage(state: SessionState, t: Translate<DeskKey>): string | undefined {
  switch (state.phase) {
    case 'ended':
      return t('ended');
    case 'left':
      return t('left');
    case 'replaced':
      return t('replaced');
    case 'invalid-link':
    case 'refused':
    case 'removed':
      return t('invalid');
    default:
      return undefined;
  }
}

/** Whoever entered the waiting room first (anyone without a time after them, in list order). */
function longestWaiting(waiting: ParticipantView[]): ParticipantView | undefined {
  const since = (p: ParticipantView) => p.waitingSince ?? '\uffff';
  return [...waiting].sort((a, b) => since(a).localeCompare(since(b)))[0];
}
