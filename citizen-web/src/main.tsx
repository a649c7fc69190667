import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@videoloket/call-client/base.css';
import './citizen.css';
import { App } from './App';
import { BookingApp, bookingRouteOf } from '@videoloket/booking-ui';

// Mail links open /afspraak-maken, /afspraak/<token> and /dossier/<token>: the booking pages.
const booking = bookingRouteOf(location.pathname, location.search);

createRoot(document.getElementById('root')!).render(<StrictMode>{booking ? <BookingApp route={booking} /> : <App />}</StrictMode>);
