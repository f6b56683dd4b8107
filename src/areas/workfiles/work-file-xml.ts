import { create } from 'xmlbuilder2';
import type { WorkFileIndex } from './work-file-index.ts';

/**
 * A work file as XML for the archive and for integrators: the metadata of Decree 30 Appendix VI
 * (mã hồ sơ, tiêu đề, thời hạn bảo quản, chế độ sử dụng, người lập, ngôn ngữ, thời gian bắt đầu và
 * kết thúc, tổng số văn bản, tổng số trang, mô tả) and the index (mục lục văn bản). Element names are
 * the Decree's Vietnamese field names without diacritics; dates are ISO 8601. Values the reader may
 * not read are left out.
 */
type XMLBuilder = ReturnType<typeof create>;

const WORK_FILE_NAMESPACE = 'urn:vanthu:ho-so:1';

function add(parent: XMLBuilder, name: string, value: string | number | null | undefined): void {
  if (value !== null && value !== undefined) parent.ele(WORK_FILE_NAMESPACE, name).txt(String(value));
}

export function workFileXml(index: WorkFileIndex, exportedAt: Date): string {
  // Characters XML 1.0 cannot carry (control characters pasted into a subject) are dropped, not fatal.
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' }).ele(WORK_FILE_NAMESPACE, 'HoSo');
  add(root, 'MaHoSo', index.code);
  add(root, 'NamHoSo', index.year);
  add(root, 'TieuDeHoSo', index.title);
  add(root, 'MoTa', index.description);
  root
    .ele(WORK_FILE_NAMESPACE, 'ThoiHanBaoQuan', { vinhVien: String(index.retentionYears === null), ...(index.retentionYears === null ? {} : { soNam: String(index.retentionYears) }) })
    .txt(index.retention);
  const rights = root.ele(WORK_FILE_NAMESPACE, 'CheDoSuDung');
  add(rights, 'MoTa', 'Người lập hồ sơ, lãnh đạo đơn vị của người lập và lãnh đạo cơ quan; người được chia sẻ.');
  for (const name of index.sharedWith) add(rights, 'NguoiDuocChiaSe', name);
  add(root, 'CoQuan', index.organisation);
  add(root, 'DonViLap', index.creatorUnit);
  add(root, 'NguoiLap', index.creator);
  add(root, 'NgonNgu', index.language);
  add(root, 'ThoiGianBatDau', index.startDate);
  add(root, 'ThoiGianKetThuc', index.endDate);
  add(root, 'TrangThai', index.status === 'OPEN' ? 'Đang mở' : 'Đã đóng');
  add(root, 'TongSoVanBan', index.documentCount);
  add(root, 'TongSoTrang', index.pageCount);
  const list = root.ele(WORK_FILE_NAMESPACE, 'MucLucVanBan');
  for (const row of index.rows) {
    const item = list.ele(WORK_FILE_NAMESPACE, 'VanBan');
    add(item, 'SoThuTu', row.ordinal);
    add(item, 'SoKyHieu', row.numberNotation);
    add(item, 'NgayThang', row.date);
    add(item, 'TacGia', row.issuingOrgan);
    add(item, 'TenLoai', row.kind);
    add(item, 'TrichYeu', row.subject);
    add(item, 'SoTrang', row.pageCount);
    add(item, 'GhiChu', row.notes);
  }
  add(root, 'NgayXuat', exportedAt.toISOString());
  return root.end({ prettyPrint: true });
}
