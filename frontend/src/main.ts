import { mount } from 'svelte';
// Regular and semibold, every subset (Vietnamese, Latin, Latin Extended), bundled.
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import './app.css';
import App from './App.svelte';
import PhoneApp from './screens/handoff/PhoneApp.svelte';
import { isPhoneURL } from './components/handoff/door';
import { reportClientError } from './lib/api';
import { installKioskGuard, isKioskWindow } from './lib/kioskguard';

// Inside the Wails kiosk window only: phones keep zoom, selection and menus.
if (isKioskWindow()) installKioskGuard();

window.addEventListener('error', (e) => {
  void reportClientError('window', 'uncaught', String(e.message ?? ''));
});
window.addEventListener('unhandledrejection', (e) => {
  void reportClientError('window', 'unhandled-rejection', String((e.reason as Error)?.message ?? e.reason ?? ''));
});

// A page opened from a hand-off QR code is a phone's: its own app (no
// on-screen keyboard, no staff corner, no kiosk idle reset).
mount(isPhoneURL(location) ? PhoneApp : App, { target: document.getElementById('app')! });
