import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { tempDir, writeFinance } from '../reconcile/files';

/** The owner file Excel writes beside an open workbook: the user name's length, the name in ASCII padded with spaces to 54 bytes, then again in UTF-16LE, 165 bytes in all. */
function ownerFile(user: string): Buffer {
  const ascii = Buffer.alloc(54, 0x20);
  ascii[0] = user.length;
  ascii.write(user, 1, 'latin1');
  const wide = Buffer.alloc(165 - 54);
  wide.writeUInt16LE(user.length, 0);
  wide.write(user, 2, 'utf16le');
  return Buffer.concat([ascii, wide]);
}

describe('the lock file Excel/WPS keeps beside an open workbook (~$序时账.xlsx)', () => {
  it('is named as a lock file, with the workbook to give instead, not as a file of unknown layout (inspect and reconcile, exit 2)', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, '~$序时账.xlsx');
    await fs.writeFile(lock, ownerFile('zhangsan'));
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    for (const args of [['inspect', lock], ['reconcile', '--bank', lock, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx')]]) {
      const r = await anjie(...args);
      const said = r.out + r.err; // inspect reports each file on stdout, reconcile an error on stderr
      expect(r.code, args[0]).toBe(2);
      expect(said, args[0]).toContain('无法读取文件 ~$序时账.xlsx：这是 Excel/WPS 打开工作簿时生成的临时锁定文件');
      expect(said, args[0]).toContain('it is the lock file Excel/WPS creates while a workbook is open');
      expect(said, args[0]).toContain('请改选工作簿本身（序时账.xlsx');
      expect(said, args[0]).not.toContain('zhangsan');
    }
    expect(await fs.readdir(dir)).not.toContain('r.xlsx');
    // A workbook whose own name starts with ~$ is read as any other.
    const named = path.join(dir, '~$序时账副本.xlsx');
    await fs.copyFile(fin, named);
    const ok = await anjie('inspect', named);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('kingdee-journal');
  });
});
