/** `sha256:<hex>` of every file under `dir`, in path order. */
export function templateDigest(dir: string): string;
