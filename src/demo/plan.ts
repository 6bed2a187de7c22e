import {
  assumeCrossAccountRolePolicy, athenaResultsPolicy, CROSS_ACCOUNT_ROLE, CROSS_ACCOUNT_ROLE_MANAGED_POLICIES, DEFAULT_EXECUTION_ROLE,
  EXECUTION_ROLE_MANAGED_POLICIES, executionRoleArn, executionRoleTrustPolicy, featureStoreS3Policy, finalTrustPolicy, initialTrustPolicy,
  resultsBucketPolicy, type GuideAccounts,
} from '../guide/cross-account-policies.js';

/** The guide's flow, each of AWS's three ways for A to reach B's feature store (docs/GUIDE.md). */
export const DEMO_PATHS = ['assume-role', 'ram', 'catalog'] as const;
export type DemoPath = (typeof DEMO_PATHS)[number];

/** The pieces `sagelite demo --break` can leave out on each path, each to show where the flow then fails. */
export const PATH_BREAKS = {
  'assume-role': ['trust', 'assume-policy', 'bucket-policy', 'offline-role'],
  ram: ['no-accept', 'read-only', 'disassociated'],
  catalog: ['glue-policy', 'offline-bucket-policy'],
} as const satisfies Record<DemoPath, readonly string[]>;
export type BreakMode = (typeof PATH_BREAKS)[DemoPath][number];
export const BREAK_MODES: readonly BreakMode[] = DEMO_PATHS.flatMap((p) => PATH_BREAKS[p]);

/** The path a break belongs to. */
export function pathOfBreak(mode: BreakMode): DemoPath {
  return DEMO_PATHS.find((p) => (PATH_BREAKS[p] as readonly string[]).includes(mode))!;
}

/** What each break leaves out, in the guide's words. */
export const BREAK_DESCRIPTIONS: Record<BreakMode, string> = {
  trust: "B's cross-account role does not trust A's execution role (its trust names only sagemaker.amazonaws.com)",
  'assume-policy': "A's execution role has no policy allowing sts:AssumeRole on B's role",
  'bucket-policy': "A's results bucket has no bucket policy letting B's role write to it",
  'offline-role': "B's offline-store role (the feature groups' RoleArn) lacks AmazonSageMakerFeatureStoreAccess, its S3 write permission",
  'no-accept': "A never accepts B's RAM invitation, so the share does not reach A",
  'read-only': "B shares the feature groups with the read-only permission, which has no sagemaker:PutRecord",
  disassociated: 'B disassociates A from the share after A has read: the next read is refused',
  'glue-policy': "B's Glue Data Catalog has no resource policy letting A's role read its tables",
  'offline-bucket-policy': "B's offline-store bucket has no bucket policy letting A's role read the Parquet objects",
};

export const SAGEMAKER_SERVICE = 'sagemaker.amazonaws.com';

/** One IAM role as the guide sets it up. */
export interface RolePlan {
  name: string;
  arn: string;
  /** The trust policy the role ends with. */
  trustPolicy: string;
  managedPolicies: string[];
  /** Inline policies, by name. */
  inlinePolicies: Record<string, string>;
  /** Customer managed policies the guide creates in the role's account and attaches, by name. */
  customerManagedPolicies: Record<string, string>;
}

/** Every role, policy and bucket of the guide for two accounts, with one piece left out when breaking. */
export interface GuidePlan {
  accounts: Required<GuideAccounts> & { offlineBucket: string };
  /** Account A: the notebook's execution role and the Athena results bucket (policy null when left out). */
  executionRole: RolePlan;
  resultsBucket: { name: string; policy: string | null };
  /** Account B: the role A assumes; it is also the feature groups' offline-store role, as in the sample. */
  crossAccountRole: RolePlan & { initialTrustPolicy: string };
  /** Account B: the role SageMaker assumes to write the offline store (the feature groups' RoleArn). */
  offlineStoreRole: RolePlan;
  offlineBucket: { name: string };
  broken?: BreakMode;
}

export const ASSUME_POLICY_NAME = 'assume-cross-account-role';
export const FEATURE_STORE_S3_POLICY_NAME = 'FeatureStoreS3AccessPolicy';
export const ATHENA_RESULTS_POLICY_NAME = 'AthenaResultsS3BucketCrossAccountAccessPolicy';
export const OFFLINE_STORE_ROLE = 'feature-store-offline-role';
const FEATURE_STORE_ACCESS = 'arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess';

/** Default bucket names, made unique by the account ids (S3 bucket names are global). */
export function defaultBuckets(accountA: string, accountB: string): { resultsBucket: string; offlineBucket: string } {
  return { resultsBucket: `sagemaker-athena-results-${accountA}`, offlineBucket: `sagemaker-featurestore-${accountB}` };
}

/**
 * The guide's setup for two accounts, as data: the demo and `sagelite setup cross-account`
 * apply it, `--print` shows it.
 *
 * @example
 * const plan = guidePlan({ accountA: '111111111111', accountB: '222222222222', resultsBucket: 'sagemaker-athena-results-a' });
 * plan.crossAccountRole.trustPolicy; // names A's execution role and sagemaker.amazonaws.com
 */
export function guidePlan(g: GuideAccounts & { offlineBucket?: string }, broken?: BreakMode): GuidePlan {
  const accounts = {
    ...g,
    executionRoleName: g.executionRoleName ?? DEFAULT_EXECUTION_ROLE,
    offlineBucket: g.offlineBucket ?? defaultBuckets(g.accountA, g.accountB).offlineBucket,
  };
  const serviceOnlyTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: SAGEMAKER_SERVICE }, Action: 'sts:AssumeRole' }] }, null, 2);
  const executionInline: Record<string, string> = { [FEATURE_STORE_S3_POLICY_NAME]: featureStoreS3Policy() };
  if (broken !== 'assume-policy') executionInline[ASSUME_POLICY_NAME] = assumeCrossAccountRolePolicy(accounts);
  return {
    accounts,
    executionRole: {
      name: accounts.executionRoleName,
      arn: executionRoleArn(accounts),
      trustPolicy: executionRoleTrustPolicy(),
      managedPolicies: [...EXECUTION_ROLE_MANAGED_POLICIES],
      inlinePolicies: executionInline,
      customerManagedPolicies: {},
    },
    resultsBucket: { name: accounts.resultsBucket, policy: broken === 'bucket-policy' ? null : resultsBucketPolicy(accounts) },
    crossAccountRole: {
      name: CROSS_ACCOUNT_ROLE,
      arn: `arn:aws:iam::${accounts.accountB}:role/${CROSS_ACCOUNT_ROLE}`,
      initialTrustPolicy: initialTrustPolicy(accounts),
      trustPolicy: broken === 'trust' ? serviceOnlyTrust : finalTrustPolicy(accounts),
      managedPolicies: [...CROSS_ACCOUNT_ROLE_MANAGED_POLICIES],
      inlinePolicies: {},
      customerManagedPolicies: { [ATHENA_RESULTS_POLICY_NAME]: athenaResultsPolicy(accounts) },
    },
    // A role of its own, not B's cross-account role as in the guide's purchases notebook: that
    // role's AmazonSageMakerFullAccess may put any object whose key holds "sagemaker" (as every
    // offline-store key does), so no S3 permission could be taken from it without taking SageMaker's.
    offlineStoreRole: {
      name: OFFLINE_STORE_ROLE,
      arn: `arn:aws:iam::${accounts.accountB}:role/${OFFLINE_STORE_ROLE}`,
      trustPolicy: serviceOnlyTrust,
      managedPolicies: broken === 'offline-role' ? [] : [FEATURE_STORE_ACCESS],
      inlinePolicies: {},
      customerManagedPolicies: {},
    },
    offlineBucket: { name: accounts.offlineBucket },
    ...(broken ? { broken } : {}),
  };
}

/** The plan as one JSON document with the policies as objects, for `setup cross-account --print`. */
export function planAsJson(plan: GuidePlan): unknown {
  const parse = (s: string) => JSON.parse(s) as unknown;
  const role = (r: RolePlan) => ({
    RoleName: r.name,
    Arn: r.arn,
    AssumeRolePolicyDocument: parse(r.trustPolicy),
    AttachedManagedPolicies: r.managedPolicies,
    InlinePolicies: Object.fromEntries(Object.entries(r.inlinePolicies).map(([k, v]) => [k, parse(v)])),
    CustomerManagedPolicies: Object.fromEntries(Object.entries(r.customerManagedPolicies).map(([k, v]) => [k, parse(v)])),
  });
  return {
    AccountA: {
      AccountId: plan.accounts.accountA,
      ExecutionRole: role(plan.executionRole),
      ResultsBucket: { Bucket: plan.resultsBucket.name, Policy: plan.resultsBucket.policy === null ? null : parse(plan.resultsBucket.policy) },
    },
    AccountB: {
      AccountId: plan.accounts.accountB,
      CrossAccountRole: { ...role(plan.crossAccountRole), InitialAssumeRolePolicyDocument: parse(plan.crossAccountRole.initialTrustPolicy) },
      OfflineStoreRole: role(plan.offlineStoreRole),
      OfflineStoreBucket: { Bucket: plan.offlineBucket.name },
    },
  };
}
