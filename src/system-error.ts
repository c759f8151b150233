import { UserError } from './errors.js';

/**
 * The one owner of "the system said no": an errno from the file system or from spawning a
 * program becomes a UserError (exit 2) that names the path and says what to do. These are
 * environment problems (a read-only or full disk, a path that cannot exist), never bugs.
 */
const SYSTEM_PROBLEMS: Record<string, { message: (path: string) => string; hint: string }> = {
  EROFS: {
    message: (p) => `${p} is on a read-only file system`,
    hint: 'Run the command where you can write, or remount the disk read-write.',
  },
  EACCES: {
    message: (p) => `Permission denied: ${p}`,
    hint: 'Check the owner and permissions of that path, or choose another location.',
  },
  EPERM: {
    message: (p) => `Operation not permitted: ${p}`,
    hint: 'Check the owner and permissions of that path, or choose another location.',
  },
  ENOSPC: {
    message: (p) => `No space left on the device that holds ${p}`,
    hint: 'Free some disk space, then run the command again.',
  },
  EDQUOT: {
    message: (p) => `Disk quota exceeded for ${p}`,
    hint: 'Free some space within your quota, then run the command again.',
  },
  ENAMETOOLONG: {
    message: (p) => `A file name is too long: ${p}`,
    hint: 'Choose a shorter name or a shallower folder.',
  },
  ENOTDIR: {
    message: (p) => `Not a folder: a part of ${p} is a file`,
    hint: 'Give a path whose parent folders are folders, not files.',
  },
  EISDIR: {
    message: (p) => `${p} is a folder, where a file was expected`,
    hint: 'Name a file, not a folder (or remove the folder).',
  },
  ELOOP: {
    message: (p) => `Too many levels of symbolic links: ${p}`,
    hint: 'Fix or remove the looping link.',
  },
  EMFILE: {
    message: (p) => `Too many open files while reading ${p}`,
    hint: 'Raise the open-file limit (`ulimit -n`) and run the command again.',
  },
  ENFILE: {
    message: (p) => `Too many open files in the system while reading ${p}`,
    hint: 'Close some programs or raise the system file limit, then run the command again.',
  },
  EILSEQ: {
    message: (p) => `A file name is not valid on this file system: ${p}`,
    hint: 'Rename the file to valid UTF-8.',
  },
};

/** A UserError for an errno the user can fix, or undefined for anything else (a real bug). */
export function userErrorFromSystem(error: unknown): UserError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, path: file, dest } = e as NodeJS.ErrnoException & { dest?: string };
    const problem = typeof code === 'string' ? SYSTEM_PROBLEMS[code] : undefined;
    if (problem)
      return new UserError('ENVIRONMENT', problem.message(file ?? dest ?? 'a file'), problem.hint, [
        e.message,
      ]);
  }
  return undefined;
}
