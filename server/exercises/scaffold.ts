// What `dockyard exercises new <id>` writes: a small exercise that passes
// `validate` and `test` as it is, with comments that explain each part.
export function scaffoldFiles(id: string): Record<string, string> {
  return {
    'exercise.yaml': `# yaml-language-server: $schema=../exercise.schema.json
# An exercise: tasks the learner does in their sandbox, each graded by a shell
# check. Text shown to learners is a string (English) or { en: …, ko: … }.
id: ${id}
title:
  en: Write a greeting
  ko: 인사말 파일 만들기
summary:
  en: Create a file in your home directory.
  ko: 홈 디렉터리에 파일을 하나 만듭니다.
# Reference solution: must make every check pass (run by \`dockyard exercises test\`).
solution: solution.sh
# Other right solutions, each a genuinely different way a learner may take
# (other flags, full names, other paths): each must make every check pass too,
# so a check that only accepts the reference spelling is caught.
right:
  - script: right/printf.sh
    way: writes the file with printf instead of echo
  - script: right/relative-tee.sh
    way: writes from /root with a relative path, through tee
# Plausible mistakes: each must leave at least one check failing.
wrong:
  - script: wrong/wrong-content.sh
    mistake: writes the file with other content
tasks:
  # Checked by checks/<task id>.sh unless "check:" names another script.
  # Exit 0 = done; whatever the check prints is shown to the learner.
  - id: greeting-file
    title:
      en: Create /root/greeting.txt containing "hello"
      ko: '"hello"가 들어 있는 /root/greeting.txt를 만드세요'
    hints:
      - en: "\`echo\` prints text; \`>\` sends it into a file."
        ko: "\`echo\`는 글자를 출력하고 \`>\`는 그 출력을 파일로 보냅니다."
      - en: "Try: echo hello > /root/greeting.txt"
        ko: "echo hello > /root/greeting.txt 를 실행해 보세요."
    success:
      en: The file is there, and it says hello.
      ko: 파일이 있고 hello라고 적혀 있습니다.
`,
    'checks/greeting-file.sh': `# Runs in the learner's sandbox under bash, with the sandbox's read-only
# tools (busybox, docker) first on PATH. \`say EN KO\` prints the message in
# the learner's language; exit 0 means the task is done.
if [ ! -f /root/greeting.txt ]; then
  say "There is no /root/greeting.txt yet." "아직 /root/greeting.txt 파일이 없습니다."
  exit 1
fi
got=$(cat /root/greeting.txt)
if [ "$got" != hello ]; then
  # Say exactly what was seen, not only what was expected.
  say "/root/greeting.txt says \\"$got\\"; it should contain exactly: hello" "/root/greeting.txt의 내용이 \\"$got\\"입니다. hello만 들어 있어야 합니다."
  exit 1
fi
`,
    'solution.sh': `echo hello > /root/greeting.txt
`,
    'right/printf.sh': `printf 'hello\\n' > /root/greeting.txt
`,
    'right/relative-tee.sh': `cd /root && echo hello | tee greeting.txt
`,
    'wrong/wrong-content.sh': `echo goodbye > /root/greeting.txt
`,
  };
}
