import { useEffect, useState } from 'react';
import { CallSession, openLocalMedia, warmMediaCapabilities, SeatStore, seatKeyForLinkToken, suggestedNameFromLinkToken, type DeviceChoice } from '@videoloket/call-client';
import { LanguagePicker, useI18n } from '@videoloket/call-client/react';
import { callTokenOf } from '@videoloket/contracts/links';
import { catalogues } from './i18n';
import { DeviceCheck } from './DeviceCheck';
import { CallScreens, EndedScreen } from './CallScreens';

// The link carries its token in the fragment (`/call/#t=…`) so it never reaches a server log.
function readToken(): string | undefined {
  const t = callTokenOf(location.hash);
  return t && t.length < 4096 ? t : undefined;
}

export interface Joined {
  session: CallSession;
  stream: MediaStream;
  devices: DeviceChoice;
  name: string;
}

const seats = new SeatStore();

export function App() {
  const { lang, t, setLang } = useI18n(catalogues);
  const [token] = useState(readToken);
  const seatId = token ? seatKeyForLinkToken(token) : undefined;
  // A stored seat means this browser was in the call before (reload, reopened tab): go straight back in.
  const [stored] = useState(() => (seatId ? seats.get(seatId) : undefined));
  const [joined, setJoined] = useState<Joined>();
  // A call this browser was in has ended: the link now opens its documents (issue 17), no camera.
  const ended = stored?.ended === true;
  const [rejoining, setRejoining] = useState(Boolean(stored) && !ended);

  function join(name: string, stream: MediaStream, devices: DeviceChoice, audioOnly = false) {
    const session = new CallSession({
      audioOnly,
      socket: { auth: { token: token! } },
      seatId: seatId!,
      displayName: name,
      devices,
      localTracks: () => ({ audio: stream.getAudioTracks()[0], video: stream.getVideoTracks()[0] }),
    });
    (window.__videoloketMarks ??= {}).joinClicked ??= performance.now();
    session.start();
    setJoined({ session, stream, devices, name });
  }

  useEffect(() => {
    if (!stored || ended || joined) return;
    let cancelled = false;
    void openLocalMedia(stored.devices ?? {}).then(({ stream }) => {
      if (cancelled) return stream.getTracks().forEach((tr) => tr.stop());
      join(stored.displayName ?? '', stream, stored.devices ?? {});
      setRejoining(false);
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => () => joined?.session.close(), [joined]);
  // The browser's codecs are read while the citizen checks their camera: joining then skips it.
  useEffect(() => {
    if (token && !ended) warmMediaCapabilities();
  }, [token, ended]);

  let content;
  if (!token) {
    content = (
      <section data-testid="no-link">
        <h1>{t('noLinkTitle')}</h1>
        <p>{t('noLinkBody')}</p>
      </section>
    );
  } else if (ended) {
    content = <EndedScreen t={t} linkToken={token} seatKey={stored?.resumeKey} />;
  } else if (joined) {
    content = <CallScreens t={t} joined={joined} linkToken={token} onRejoin={() => location.reload()} />;
  } else if (rejoining) {
    content = <p role="status">{t('connecting')}</p>;
  } else {
    content = <DeviceCheck t={t} initialName={stored?.displayName ?? (token ? suggestedNameFromLinkToken(token) : undefined)} onJoin={({ name, stream, devices, audioOnly }) => join(name, stream, devices, audioOnly)} />;
  }

  return (
    <>
      <header className="topbar">
        <span className="brand">{t('appName')}</span>
        <LanguagePicker lang={lang} onChange={setLang} label={t('language')} />
      </header>
      <main>{content}</main>
    </>
  );
}
