import { describe, expect, it } from 'vitest';
import { assignUsernames, nextFreeUsername, usernameStem } from '../../src/areas/accounts/username.ts';

describe('username stem (seed 004 Art. 3 §2.1)', () => {
  it.each([
    ['Nguyễn Thị Thu Hà', 'hantt'],
    ['Đặng Đình Đức', 'ducdd'],
    ['Trương Thị Ngọc Ánh', 'anhttn'],
    ['Phạm Ư Ơ Ăn', 'anpuo'],
    ['Lê Văn Ấn', 'anlv'],
    ['Huỳnh Quốc Việt', 'viethq'],
    ['  LÊ   văn   AN ', 'anlv'],
    ['Hà', 'ha'],
    ['Nguyễn Văn A-Lềnh', 'alenhnv'],
    ['Ngô Thị Hồng Nhung2', 'nhung2nth'],
  ])('%s → %s', (fullName, stem) => {
    expect(usernameStem(fullName)).toBe(stem);
  });

  it('reads decomposed and precomposed Unicode alike', () => {
    const decomposed = 'Nguyễn Thị Thu Hà'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn Thị Thu Hà');
    expect(usernameStem(decomposed)).toBe('hantt');
  });

  it('turns đ and Đ into d anywhere in the name', () => {
    expect(usernameStem('Đỗ Đức Đạt')).toBe('datdd');
    expect(usernameStem('Trần Văn Đông')).toBe('dongtv');
  });

  it('is empty for a name with no letter', () => {
    expect(usernameStem(' - ')).toBe('');
    expect(() => nextFreeUsername(' - ', 'bimson', new Set())).toThrow();
  });
});

describe('username with suffix and collisions (seed 004 Art. 3 §2.2)', () => {
  it('appends the organisation suffix, folded to plain lower case', () => {
    expect(nextFreeUsername('Nguyễn Thị Thu Hà', 'bimson', new Set())).toBe('hantt.bimson');
    expect(nextFreeUsername('Đặng Đình Đức', 'Bỉm Sơn', new Set())).toBe('ducdd.bimson');
  });

  it('numbers 1, 2, 3… after the stem when the plain form is taken', () => {
    const taken = new Set(['hantt.bimson']);
    expect(nextFreeUsername('Nguyễn Thị Thu Hà', 'bimson', taken)).toBe('hantt1.bimson');
    taken.add('hantt1.bimson');
    expect(nextFreeUsername('Nguyễn Thị Thu Hà', 'bimson', taken)).toBe('hantt2.bimson');
  });

  it('fills the lowest free number', () => {
    const taken = new Set(['hantt.bimson', 'hantt2.bimson']);
    expect(nextFreeUsername('Nguyễn Thị Thu Hà', 'bimson', taken)).toBe('hantt1.bimson');
  });

  it('treats different names with the same stem as a collision', () => {
    const names = assignUsernames(
      [
        { key: 'a', fullName: 'Nguyễn Thị Thu Hà', title: 'SPECIALIST' },
        { key: 'b', fullName: 'Ngô Tấn Tài Hà', title: 'SPECIALIST' },
      ],
      'bimson',
    );
    expect(names.get('a')).toBe('hantt.bimson');
    expect(names.get('b')).toBe('hantt1.bimson');
  });

  it('gives the plain form to the person in a leading position, whatever the order', () => {
    const names = assignUsernames(
      [
        { key: 'specialist', fullName: 'Nguyễn Thị Thu Hà', title: 'SPECIALIST' },
        { key: 'clerk', fullName: 'Nguyễn Thị Thu Hà', title: 'CLERK' },
        { key: 'head', fullName: 'Nguyễn Thị Thu Hà', title: 'UNIT_HEAD' },
      ],
      'bimson',
    );
    expect(names.get('head')).toBe('hantt.bimson');
    expect(names.get('specialist')).toBe('hantt1.bimson');
    expect(names.get('clerk')).toBe('hantt2.bimson');
  });

  it('ranks leaders by position: the leader before a deputy before a unit head', () => {
    const names = assignUsernames(
      [
        { key: 'head', fullName: 'Đặng Đình Đức', title: 'UNIT_HEAD' },
        { key: 'deputy', fullName: 'Đặng Đình Đức', title: 'DEPUTY_LEADER' },
        { key: 'leader', fullName: 'Đặng Đình Đức', title: 'LEADER' },
      ],
      'bimson',
    );
    expect([names.get('leader'), names.get('deputy'), names.get('head')]).toEqual([
      'ducdd.bimson',
      'ducdd1.bimson',
      'ducdd2.bimson',
    ]);
  });

  it('never takes a username already in use, even for a leader', () => {
    const names = assignUsernames([{ key: 'leader', fullName: 'Đặng Đình Đức', title: 'LEADER' }], 'bimson', [
      'ducdd.bimson',
    ]);
    expect(names.get('leader')).toBe('ducdd1.bimson');
  });

  it('keeps the input order among people of the same rank', () => {
    const names = assignUsernames(
      [
        { key: 1, fullName: 'Lê Văn An', title: 'SPECIALIST' },
        { key: 2, fullName: 'Lê Văn An', title: 'SPECIALIST' },
        { key: 3, fullName: 'Lê Văn An', title: 'SPECIALIST' },
      ],
      'sct',
    );
    expect([...names.entries()].sort((a, b) => a[0] - b[0]).map(([, name]) => name)).toEqual([
      'anlv.sct',
      'anlv1.sct',
      'anlv2.sct',
    ]);
  });
});
