// Which door this page came through. The phone door's pages are opened from
// a QR code (/h/<code>, or /?phone=1); everything else is the kiosk. The
// phone shows no QR codes of its own (it is the phone already).
let phone = false;

/** isPhoneURL tells from the address whether the page was opened on a phone. */
export function isPhoneURL(loc: { pathname: string; search: string }): boolean {
  return /^\/h\/[^/]+$/.test(loc.pathname) || new URLSearchParams(loc.search).get('phone') === '1';
}

export function setPhone(on: boolean): void {
  phone = on;
}

export function onPhone(): boolean {
  return phone;
}
