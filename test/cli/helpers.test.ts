import { systemErrorMessage } from '../../src/cli/system-error';
import { resumeCommand, shellWord } from '../../src/cli/resume-hint';

describe('the resume hint', () => {
  it('repeats every word but --fresh, quoted for a shell where needed', () => {
    expect(resumeCommand(['run', 'configs/x.yaml', '--fresh', '--out', 'my results', '--models=a,b', '--no-fresh', '--fresh=true', '--jobs', '2'])).toBe(
      "ple run configs/x.yaml --out 'my results' --models=a,b --jobs 2",
    );
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});

describe('environment errors', () => {
  it.each([
    ['a read-only disk', { code: 'EROFS', errno: -30, syscall: 'open', path: '/mnt/ro/x.json' }, '/mnt/ro/x.json: cannot open (EROFS: read-only file system)'],
    ['a full disk', { code: 'ENOSPC', errno: -28, syscall: 'write' }, 'cannot write a file (ENOSPC: no space left on device)'],
    ['no permission', { code: 'EACCES', errno: -13, syscall: 'mkdir', path: '/root/x' }, '/root/x: cannot create the folder (EACCES: permission denied)'],
  ])('says the path, what ple tried and the system\'s reason for %s', (_name, fields, message) => {
    expect(systemErrorMessage(Object.assign(new Error('x'), fields))).toBe(message);
  });

  it('leaves other errors alone', () => {
    expect(systemErrorMessage(new TypeError('x is undefined'))).toBeUndefined();
    expect(systemErrorMessage({ code: 'ERR_X' })).toBeUndefined();
  });
});
