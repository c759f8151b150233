declare const __CLI_VERSION__: string;

/** This CLI's version, from package.json, inlined at build time. */
export const CLI_VERSION: string = __CLI_VERSION__;
