// Strings of the ports pane: what listens in the sandbox, each with its preview.
import type { AreaStrings } from './ui.ts';

const strings: AreaStrings = {
  en: {
    'workbench.ports': 'Ports',
    'ports.label': 'Ports something listens on in your sandbox',
    'ports.waiting': 'The ports appear when your sandbox is ready.',
    'ports.empty': 'Nothing listens in your sandbox yet. Start a server, for example docker run -d -p 8080:80 nginx, and its port appears here with a link to see it.',
    'ports.intro': 'A server you start in the sandbox shows up here. Its page opens in a new tab, for you only.',
    'ports.port': 'Port {port}',
    'ports.container': '{name} ({image}), its port {target}',
    'ports.program': 'a program in the sandbox',
    'ports.open': 'Open the page',
    'ports.open.label': 'Open what port {port} serves, in a new tab',
    'ports.failed': 'Could not read the ports: {message}',
  },
  ko: {
    'workbench.ports': '포트',
    'ports.label': '샌드박스에서 열려 있는 포트',
    'ports.waiting': '샌드박스가 준비되면 포트가 보입니다.',
    'ports.empty': '아직 샌드박스에서 열린 포트가 없습니다. docker run -d -p 8080:80 nginx처럼 서버를 실행하면 여기에 포트와 접속 링크가 나타납니다.',
    'ports.intro': '샌드박스에서 실행한 서버가 여기에 나타납니다. 링크를 누르면 새 탭에서 내게만 보이는 페이지가 열립니다.',
    'ports.port': '{port}번 포트',
    'ports.container': '{name} ({image}) 컨테이너의 {target} 포트',
    'ports.program': '샌드박스 안의 프로그램',
    'ports.open': '페이지 열기',
    'ports.open.label': '{port}번 포트가 보내는 페이지를 새 탭에서 열기',
    'ports.failed': '포트를 읽지 못했습니다: {message}',
  },
};

export default strings;
