// The join page: the code from the link (?code=…), the learner's name, and
// a clear answer (joined, or why not).
import { pageLocale, t } from '../../i18n/ui.ts';
import { api, ApiError } from './api.ts';
import { keepQueryOnLocaleSwitch } from './locale-switch.ts';

const locale = pageLocale();
keepQueryOnLocaleSwitch();
const form = document.querySelector<HTMLFormElement>('[data-join]')!;
const status = document.querySelector<HTMLElement>('[data-status]')!;
const codeInput = form.querySelector<HTMLInputElement>('input[name=code]')!;
codeInput.value = (new URLSearchParams(location.search).get('code') ?? '').toUpperCase();

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const body = { code: String(data.get('code')).trim(), name: String(data.get('name')).trim() };
  api<{ classId: string; name: string }>('POST', '/api/classes/join', body).then((joined) => {
    status.textContent = t(locale, 'join.joined', { name: joined.name });
    form.hidden = true;
    document.querySelector<HTMLElement>('[data-joined]')!.hidden = false;
  }, (err: unknown) => {
    status.textContent = t(locale, 'classes.error', { message: err instanceof ApiError ? err.message : String(err) });
  });
});
