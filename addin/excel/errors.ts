import type { Bilingual } from '../../domain/text';

/** A problem the person can understand and act on; shown as is in the pane. */
export class AddinError extends Error {
  constructor(
    readonly text: Bilingual,
    readonly kind: 'cancelled' | 'unsupported' | 'not-found' | 'invalid' | 'excel' | 'signed' = 'invalid',
  ) {
    super(text.en);
    this.name = 'AddinError';
  }
}

/** Cancelled: with `kept`, the sheets already written, which stay (running again skips them); without, nothing was changed. */
export function cancelled(kept: readonly string[] = []): AddinError {
  if (kept.length) {
    const list = kept.length > 5 ? `${kept.slice(0, 5).join('、')} 等` : kept.join('、');
    const listEn = kept.length > 5 ? `${kept.slice(0, 5).join(', ')} and others` : kept.join(', ');
    return new AddinError(
      {
        zh: `已取消：取消前已写入的 ${kept.length} 个工作表（${list}）保留，其余未写。再次运行会跳过已有的工作表。`,
        en: `Cancelled: the ${kept.length} sheet(s) written before (${listEn}) stay; the rest were not written. Running again skips the sheets that exist.`,
      },
      'cancelled',
    );
  }
  return new AddinError({ zh: '已取消，工作簿未作更改。', en: 'Cancelled; the workbook was not changed.' }, 'cancelled');
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled();
}

const OFFICE_CODES: Record<string, Bilingual> = {
  RequestPayloadSizeLimitExceeded: {
    zh: '一次写入的数据超过了 Excel 网页版的 5 MB 上限。请缩小范围（例如只选部分房号）后重试。',
    en: 'The data sent in one request exceeded the 5 MB limit of Excel on the web. Narrow the selection and try again.',
  },
  AccessDenied: {
    zh: '工作表受保护，无法写入。请先在“审阅 > 撤销工作表保护”中取消保护，然后重试。',
    en: 'The sheet is protected. Unprotect it (Review > Unprotect Sheet) and try again.',
  },
  InvalidOperationInCellEditMode: {
    zh: 'Excel 正处于单元格编辑状态。请按 Enter 或 Esc 结束编辑后重试。',
    en: 'Excel is editing a cell. Press Enter or Esc to finish editing and try again.',
  },
  ItemAlreadyExists: {
    zh: '同名的工作表或表格已存在。请重命名或删除后重试。',
    en: 'A sheet or table with that name already exists. Rename or delete it and try again.',
  },
  GeneralException: {
    zh: 'Excel 暂时无法完成操作。请保存工作簿后重试。',
    en: 'Excel could not complete the operation. Save the workbook and try again.',
  },
};

/** Plain words for any failure: never a raw exception in the pane. */
export function explainError(e: unknown): Bilingual {
  if (e instanceof AddinError) return e.text;
  const code = (e as { code?: string } | null)?.code;
  if (code && OFFICE_CODES[code]) return OFFICE_CODES[code];
  const detail = e instanceof Error ? e.message : String(e);
  return {
    zh: `操作未完成，工作簿可能未被更改。请重试；如果仍然失败，请把以下信息发给技术支持：${detail}`,
    en: `The operation did not finish; the workbook may be unchanged. Try again; if it still fails, send this to support: ${detail}`,
  };
}
