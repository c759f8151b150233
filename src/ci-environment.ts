const VENDORS: [string, (env: NodeJS.ProcessEnv) => boolean][] = [
  ['github-actions', (e) => e.GITHUB_ACTIONS === 'true'],
  ['gitlab', (e) => Boolean(e.GITLAB_CI)],
  ['circleci', (e) => Boolean(e.CIRCLECI)],
  ['buildkite', (e) => Boolean(e.BUILDKITE)],
  ['jenkins', (e) => Boolean(e.JENKINS_URL)],
  ['azure-pipelines', (e) => Boolean(e.TF_BUILD)],
  ['bitbucket', (e) => Boolean(e.BITBUCKET_BUILD_NUMBER)],
  ['travis', (e) => Boolean(e.TRAVIS)],
  ['teamcity', (e) => Boolean(e.TEAMCITY_VERSION)],
];

const truthy = (value: string | undefined) =>
  value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/** Whether we run in CI, and which vendor's, from the environment alone. */
export function detectCi(env: NodeJS.ProcessEnv = process.env): {
  ci: boolean;
  vendor: string | null;
} {
  const vendor = VENDORS.find(([, test]) => test(env))?.[0] ?? null;
  const ci =
    vendor !== null ||
    truthy(env.CI) ||
    truthy(env.CONTINUOUS_INTEGRATION) ||
    truthy(env.BUILD_NUMBER);
  return { ci, vendor };
}
