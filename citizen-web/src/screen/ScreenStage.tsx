import { ScreenShareButton, VideoTile } from '@videoloket/call-client/react';
import { isLanguage, type CallSession, type RemoteTrack, type SessionState } from '@videoloket/call-client';

// Issue 5: "the citizen sees it large with the clerk's camera small", and may share their own
// screen once the clerk allows it (the server refuses it before that).

const words = {
  nl: { screenOf: 'Scherm van {name}', start: 'Scherm delen', stop: 'Stoppen met delen', refused: 'Scherm delen is niet toegestaan', notAllowed: 'De medewerker kan scherm delen toestaan.' },
  fr: { screenOf: 'Écran de {name}', start: "Partager l'écran", stop: 'Arrêter le partage', refused: "Le partage d'écran n'est pas autorisé", notAllowed: "L'agent peut autoriser le partage d'écran." },
  en: { screenOf: "{name}'s screen", start: 'Share screen', stop: 'Stop sharing', refused: 'Screen sharing is not allowed', notAllowed: 'The clerk can allow screen sharing.' },
};

function text(key: keyof (typeof words)['nl'], name = ''): string {
  const lang = isLanguage(document.documentElement.lang) ? document.documentElement.lang : 'nl';
  return words[lang][key].replace('{name}', name);
}

/** The first remote screen share, if any (the clerk's, or a citizen's the clerk allowed). */
export function remoteScreen(state: SessionState): RemoteTrack | undefined {
  return state.remoteTracks.find((r) => r.kind === 'video' && r.source === 'screen');
}

export function ScreenStage({ state, interruptedLabel }: { state: SessionState; interruptedLabel: string }) {
  const screen = remoteScreen(state);
  if (!screen) return null;
  const owner = state.call?.participants.find((p) => p.id === screen.participantId);
  return <VideoTile track={screen.track} label={text('screenOf', owner?.displayName ?? '')} remote interruptedLabel={interruptedLabel} testId="remote-screen" />;
}

/**
 * Can this browser share a screen at all? Phones and tablets cannot (no getDisplayMedia on
 * iOS/Android browsers, and a touch-only device has no windows to pick): the button is hidden
 * there rather than shown greyed without a reason (issue 17).
 */
export function canShareScreen(): boolean {
  if (typeof navigator.mediaDevices?.getDisplayMedia !== 'function') return false;
  return !window.matchMedia?.('(any-pointer: fine)') || window.matchMedia('(any-pointer: fine)').matches;
}

/** The citizen's (or interpreter's) own share button: enabled once the clerk allowed it. */
export function OwnScreenShare({ session, state }: { session: CallSession; state: SessionState }) {
  const me = state.call?.participants.find((p) => p.id === state.self?.participantId);
  const allowed = me?.screenShareAllowed === true;
  if (!canShareScreen()) return null;
  // Not allowed yet: the button says why, visibly and to screen readers (issue 17).
  return (
    <span className="screen-share" data-allowed={allowed} data-testid="own-screen-share">
      <ScreenShareButton session={session} disabled={!allowed} describedBy={allowed ? undefined : 'screen-share-why'} labels={{ start: text('start'), stop: text('stop'), refused: text('refused') }} />
      {!allowed && (
        <span id="screen-share-why" className="hint screen-share-why" data-testid="screen-share-why">
          {text('notAllowed')}
        </span>
      )}
    </span>
  );
}
