declare const __CLI_VERSION__: string;
declare const __BUILD_ID__: string;

/** This CLI's version, from package.json, inlined at build time. */
export const CLI_VERSION: string = __CLI_VERSION__;

/** Unique per build, so caches of our own derived data never outlive the code that wrote them. */
export const BUILD_ID: string = __BUILD_ID__;
