/**
 * When a work file's retention (thời hạn bảo quản) ends: counted in whole years from the first of
 * January after the year the file was closed (its end date), as archives count terms; a file kept
 * permanently (no years) never ends.
 */
export function retentionEndsOn(endDate: string, retentionYears: number | null): string | null {
  if (retentionYears === null) return null;
  const closedYear = Number(endDate.slice(0, 4));
  return `${String(closedYear + 1 + retentionYears).padStart(4, '0')}-01-01`;
}

export function retentionEnded(endsOn: string | null, today: string): boolean {
  return endsOn !== null && endsOn <= today;
}
