/** Why a file could not be opened or written, in words, for the usual causes (backups, and the CLI's one-line errors). */
export const FILE_ERRORS: Record<string, [en: string, ko: string]> = {
  ENOENT: ['the folder does not exist', '폴더가 없습니다'],
  EACCES: ['permission denied', '권한이 없습니다'],
  EPERM: ['permission denied', '권한이 없습니다'],
  EISDIR: ['it is a folder', '폴더입니다'],
  EROFS: ['read-only file system', '읽기 전용 파일 시스템입니다'],
  ENOSPC: ['the disk is full', '디스크가 가득 찼습니다'],
};
