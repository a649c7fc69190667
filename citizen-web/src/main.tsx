import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import '@videoloket/call-client/base.css';
import './citizen.css';
import { citizenPageOf } from '@videoloket/contracts/links';
import { App } from './App';

// Mail links open /afspraak-maken, /afspraak/<token> and /dossier/<token>: the booking pages.
// They load on demand, with the HTTP client and its schemas (zod), so the call page stays small.
const BookingApp = lazy(() => import('@videoloket/booking-ui').then((m) => ({ default: m.BookingApp })));
const booking = citizenPageOf(location.pathname, location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {booking ? (
      <Suspense fallback={null}>
        <BookingApp route={booking} />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
