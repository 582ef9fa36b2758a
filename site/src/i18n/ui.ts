// Localized UI strings: site-core's own below, merged with one dictionary per
// area (site/src/i18n/<area>.ts, owned by that area), each exporting by
// default `{ en: {...}, ko: {...} }`. Server-side pages and client scripts
// both use `t`; scripts take the locale from document.documentElement.lang.

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export type Dictionary = Record<string, string>;
export type AreaStrings = Record<Locale, Dictionary>;

const core: AreaStrings = {
  en: {
    'site.title': 'Dockyard',
    'site.tagline': 'Learn containers in a real shell of your own.',
    'lang.switch': '한국어',
    'lang.switch.label': 'Read this page in Korean',
    'theme.toggle': 'Switch colour theme',
    'skip.workbench': 'Skip to the workbench',
    'skip.content': 'Skip to the content',
    'home.heading': 'The course',
    'home.intro': 'Hands-on lessons, each beside a live terminal into a sandbox of your own, with a nested Docker engine inside. Every lesson ends in an exercise graded in that sandbox.',
    'home.minutes': '{n} min',
    'home.exercises': 'Exercises',
    'home.progress.done': 'Done',
    'home.progress.started': 'In progress',
    'home.progress.new': 'Not started',
    'home.start': 'Start with lesson 1',
    'home.continue': 'Continue',
    'notfound.title': 'Page not found',
    'notfound.body': 'There is no page at this address. The lessons are all listed here:',
    'lesson.previous': 'Previous',
    'lesson.next': 'Next',
    'lesson.home': 'All lessons',
    'lesson.fallback': 'This lesson is not available in this language yet; it is shown in English.',
    'lesson.minutes': '{n} minutes',
    'lesson.complete': 'Lesson complete — every task passed.',
    'lesson.of': 'Lesson {n} of {total}',
    'workbench.label': 'Workbench',
    'layout.split': 'Resize the lesson and the workbench (arrow keys)',
    'workbench.terminal': 'Terminal',
    'workbench.editor': 'Editor',
    'workbench.tabs': 'Workbench panes',
    'session.status.loading': 'Connecting…',
    'session.status.ready': 'Sandbox ready',
    'session.status.starting': 'Starting your sandbox…',
    'session.status.queued': 'Waiting for a free sandbox: number {n} in line',
    'session.status.expired': 'Your sandbox has ended',
    'session.status.lost': 'Your sandbox is gone',
    'session.status.engine-down': 'The container engine is not answering',
    'session.status.capacity': 'No sandbox available',
    'session.status.failed': 'Could not reach the server',
    'session.remaining': '{time} left (extended while you use this page)',
    'session.remaining.label': 'Time left before an unused sandbox is removed: this page being open and visible, and typing in the terminal, extend it',
    'session.lost.message': 'Its container stopped outside your control, so its files and processes are gone. Start a new sandbox to go on.',
    'session.expired.message': 'It was idle too long or reached its maximum lifetime, and its files are gone. Start a new one to go on.',
    'session.engine-down.message': 'Sandboxes cannot start until it is back. Retrying…',
    'session.retrying': 'Retrying…',
    'session.failed.message': 'The Dockyard server did not answer.',
    'session.capacity.message': 'Too many sandboxes are open from your address right now. Close Dockyard in other tabs or browsers, or wait: this page keeps trying.',
    'session.new': 'Start a new sandbox',
    'session.details': 'What the server said',
    'session.reset': 'Reset',
    'session.reset.label': 'Reset the sandbox',
    'session.reset.title': 'Reset your sandbox?',
    'session.reset.body': 'You get a fresh sandbox. Every file, container and image you made in this one is deleted. Your progress on exercises is kept.',
    'session.reset.confirm': 'Reset the sandbox',
    'session.reset.cancel': 'Cancel',
    'code.copied': 'Copied',
    'code.copy.select': 'Selected: press Ctrl+C',
  },
  ko: {
    'site.title': 'Dockyard',
    'site.tagline': '나만의 실제 셸에서 컨테이너를 배웁니다.',
    'lang.switch': 'English',
    'lang.switch.label': '이 페이지를 영어로 보기',
    'theme.toggle': '색 테마 바꾸기',
    'skip.workbench': '작업 공간으로 건너뛰기',
    'skip.content': '본문으로 건너뛰기',
    'home.heading': '강좌',
    'home.intro': '강의마다 옆에 나만의 샌드박스로 이어진 터미널이 있고, 샌드박스 안에서는 Docker 엔진이 돌아갑니다. 강의는 그 샌드박스에서 채점하는 실습으로 끝납니다.',
    'home.minutes': '{n}분',
    'home.exercises': '실습',
    'home.progress.done': '완료',
    'home.progress.started': '진행 중',
    'home.progress.new': '시작 전',
    'home.start': '강의 1부터 시작',
    'home.continue': '이어서 하기',
    'notfound.title': '페이지를 찾을 수 없습니다',
    'notfound.body': '이 주소에는 페이지가 없습니다. 전체 강의 목록은 여기 있습니다:',
    'lesson.previous': '이전',
    'lesson.next': '다음',
    'lesson.home': '전체 강의',
    'lesson.fallback': '이 강의는 아직 한국어판이 없어 영어로 보여 드립니다.',
    'lesson.minutes': '{n}분',
    'lesson.complete': '강의 완료: 모든 과제를 통과했습니다.',
    'lesson.of': '강의 {n} / {total}',
    'workbench.label': '작업 공간',
    'layout.split': '강의와 작업 공간의 너비 조절 (화살표 키)',
    'workbench.terminal': '터미널',
    'workbench.editor': '편집기',
    'workbench.tabs': '작업 공간 창',
    'session.status.loading': '연결하는 중…',
    'session.status.ready': '샌드박스 준비됨',
    'session.status.starting': '샌드박스를 시작하는 중…',
    'session.status.queued': '빈 샌드박스를 기다리는 중: 대기 {n}번',
    'session.status.expired': '샌드박스가 끝났습니다',
    'session.status.lost': '샌드박스가 사라졌습니다',
    'session.status.engine-down': '컨테이너 엔진이 응답하지 않습니다',
    'session.status.capacity': '사용할 수 있는 샌드박스가 없습니다',
    'session.status.failed': '서버에 연결할 수 없습니다',
    'session.remaining': '{time} 남음 (이 페이지를 쓰는 동안 연장됨)',
    'session.remaining.label': '쓰지 않는 샌드박스가 삭제되기까지 남은 시간: 이 페이지가 열려 있어 보이는 동안과 터미널에 입력할 때 연장됩니다',
    'session.lost.message': '컨테이너가 예기치 않게 멈춰서 그 안의 파일과 프로세스가 사라졌습니다. 계속하려면 새 샌드박스를 시작하세요.',
    'session.expired.message': '너무 오래 사용하지 않았거나 최대 사용 시간이 지나 파일이 삭제되었습니다. 계속하려면 새로 시작하세요.',
    'session.engine-down.message': '엔진이 돌아올 때까지 샌드박스를 시작할 수 없습니다. 다시 시도하는 중…',
    'session.retrying': '다시 시도하는 중…',
    'session.failed.message': 'Dockyard 서버가 응답하지 않습니다.',
    'session.capacity.message': '지금 이 주소에서 열린 샌드박스가 너무 많습니다. 다른 탭이나 브라우저의 Dockyard를 닫거나 기다려 주세요. 이 페이지는 계속 다시 시도합니다.',
    'session.new': '새 샌드박스 시작',
    'session.details': '서버가 보낸 내용',
    'session.reset': '초기화',
    'session.reset.label': '샌드박스 초기화',
    'session.reset.title': '샌드박스를 초기화할까요?',
    'session.reset.body': '새 샌드박스를 받습니다. 지금 샌드박스에서 만든 파일, 컨테이너, 이미지는 모두 삭제됩니다. 실습 진행 상황은 그대로 남습니다.',
    'session.reset.confirm': '샌드박스 초기화',
    'session.reset.cancel': '취소',
    'code.copied': '복사됨',
    'code.copy.select': '선택됨: Ctrl+C를 누르세요',
  },
};

// Areas that do not exist yet simply add nothing.
const areas = import.meta.glob<{ default: AreaStrings }>(['./*.ts', '!./ui.ts'], { eager: true });

const dictionaries: AreaStrings = { en: { ...core.en }, ko: { ...core.ko } };
for (const [file, module] of Object.entries(areas)) {
  for (const locale of LOCALES) {
    for (const [key, value] of Object.entries(module.default?.[locale] ?? {})) {
      if (key in dictionaries[locale]) throw new Error(`i18n: ${file} redefines the key "${key}" (${locale})`);
      dictionaries[locale][key] = value;
    }
  }
}

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

/** The string for `key` in `locale` (English when missing), with `{name}` placeholders filled. */
export function t(locale: string, key: string, values: Record<string, string | number> = {}): string {
  const dictionary = isLocale(locale) ? dictionaries[locale] : dictionaries.en;
  const text = dictionary[key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The locale of the page a client script runs in. */
export function pageLocale(): Locale {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? lang : 'en';
}
