declare const __CLI_VERSION__: string;
declare const __BUILD_ID__: string;
declare const __CLI_PACKAGE__: string;
declare const __CLI_BUGS_URL__: string;

/** This CLI's version, from package.json, inlined at build time. */
export const CLI_VERSION: string = __CLI_VERSION__;

/** This CLI's package name, from package.json: what rendered CI runs unless `cli.package` says otherwise. */
export const CLI_PACKAGE: string = __CLI_PACKAGE__;

/** Unique per build, so caches of our own derived data never outlive the code that wrote them. */
export const BUILD_ID: string = __BUILD_ID__;

/** Where users report bugs: package.json's `bugs.url`, so a fork or an org's republish changes it in one place. */
export const CLI_BUGS_URL: string = __CLI_BUGS_URL__;
