import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@videoloket/call-client/base.css';
import './desk.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
