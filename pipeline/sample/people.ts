import { residentIdCheckChar } from '../../domain/identifiers';
import type { Rng } from './prng';

// Common surnames (roughly by frequency) and given-name characters; combinations read as real names.
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
  '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '覃', '武', '戴', '莫', '孔', '向', '汤',
];
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平',
  '刚', '桂英', '华', '文', '辉', '建华', '建国', '志强', '海燕', '晓东', '雪', '琳', '婷', '浩', '宇', '欣怡', '子涵', '梓轩',
  '一鸣', '思远', '佳怡', '雨桐', '俊杰', '嘉欣', '晨', '凯', '鑫', '颖', '倩', '玉兰', '春梅', '国庆', '红梅', '丹', '亮',
  '斌', '鹏', '飞', '波', '宁', '蕾', '莉', '晶', '冰', '瑶', '露', '珊', '航', '博文', '天宇', '浩然', '诗涵', '若曦', '睿',
  '振华', '建军', '卫东', '立新', '丽华', '美玲', '少华', '永刚', '德明', '海峰', '文静', '晓燕', '晓明', '志明', '国栋',
];
const GIVEN2 = ['', '', '', '', '', '', '', '明', '华', '军', '玲', '伟', '宇', '婷', '峰', '辉', '霞', '杰', '琪', '萍'];

/** Area codes (省市区) of real districts: mostly Guangzhou, some from elsewhere in the province and beyond. */
const AREA_CODES: readonly (readonly [string, number])[] = [
  ['440103', 5], ['440104', 7], ['440105', 8], ['440106', 10], ['440111', 8], ['440112', 5], ['440113', 8], ['440114', 3],
  ['440115', 2], ['440117', 1], ['440118', 3], ['440304', 2], ['440604', 2], ['441302', 2], ['440803', 2], ['445202', 2],
  ['441402', 2], ['440982', 1], ['430104', 1], ['360102', 1], ['450103', 1], ['350203', 1], ['110105', 1], ['310115', 1],
  ['420106', 1], ['510104', 1], ['410105', 1], ['330106', 1],
];

export interface Person {
  name: string;
  idNumber: string;
  phone: string;
  sex: 'M' | 'F';
  birth: string; // YYYYMMDD
}

export class PersonFactory {
  private readonly used = new Set<string>();
  private readonly usedIds = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A new person with a name not used before in this data set (when the name space allows). */
  person(opts: { surname?: string; sex?: 'M' | 'F'; minBirthYear?: number; maxBirthYear?: number } = {}): Person {
    const rng = this.rng;
    let name = '';
    for (let attempt = 0; attempt < 60; attempt++) {
      const surname = opts.surname ?? rng.pick(SURNAMES);
      const g = rng.pick(GIVEN);
      const given = g.length === 1 && rng.chance(0.3) ? g + rng.pick(GIVEN2) : g;
      name = surname + given;
      if (!this.used.has(name)) break;
    }
    this.used.add(name);
    const sex = opts.sex ?? (rng.chance(0.5) ? 'M' : 'F');
    const year = rng.int(opts.minBirthYear ?? 1962, opts.maxBirthYear ?? 1999);
    const month = rng.int(1, 12);
    const day = rng.int(1, daysInMonth(year, month));
    const birth = `${year}${pad(month, 2)}${pad(day, 2)}`;
    let idNumber = '';
    for (;;) {
      const area = rng.weighted(AREA_CODES);
      // Sequence: the last of its three digits is odd for men, even for women (GB 11643-1999).
      const seqBase = rng.int(0, 49) * 2 + (sex === 'M' ? 1 : 0);
      const seq = pad(rng.int(0, 9), 1) + pad(seqBase, 2);
      const first17 = `${area}${birth}${seq}`;
      idNumber = first17 + residentIdCheckChar(first17);
      if (!this.usedIds.has(idNumber)) break;
    }
    this.usedIds.add(idNumber);
    return { name, idNumber, phone: this.phone(), sex, birth };
  }

  phone(): string {
    const prefix = this.rng.pick(['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '173', '177', '180', '181', '186', '187', '188', '189', '191', '199']);
    return prefix + this.rng.digits(8);
  }

  surnameOf(name: string): string {
    return name.slice(0, 1);
  }
}

/** A personal debit card number (62…, 19 digits) with a valid Luhn check digit. */
export function bankCardNumber(rng: Rng, bin: string): string {
  const body = bin + rng.digits(18 - bin.length);
  return body + luhnDigit(body);
}

export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export const STAFF = {
  followers: ['王丽', '陈静', '李娜', '周婷'],
  reviewer: '刘建国',
};
