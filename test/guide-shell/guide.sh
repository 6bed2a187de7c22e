#!/usr/bin/env bash
# The cross-account Feature Store guide's IAM and S3 steps as AWS CLI commands (v1 or v2), with
# the guide's own policy documents. Run it against sagelite (or AWS) in two stages:
#
#   guide.sh setup      account A's and B's administrators create the roles, policies and buckets
#   guide.sh notebook   A's notebook (its execution role) assumes B's role and uses A's results bucket
#
# Settings (environment):
#   ENDPOINT             e.g. http://127.0.0.1:4566 (passed as --endpoint-url: CLI v2 before 2.13 ignores AWS_ENDPOINT_URL)
#   ACCOUNT_A ACCOUNT_B  the two 12-digit account ids
#   PROFILE_A PROFILE_B  profiles with each account's administrator credentials (default: a, b)
#   PROFILE_NOTEBOOK     a profile with the notebook's credentials, A's execution role (default: notebook)
#   AWS_CLI              the command, e.g. "aws" (v2) or "python3 -m awscli" (v1); default: aws
#   RESULTS_BUCKET OFFLINE_BUCKET EXECUTION_ROLE   names (defaults below)
set -euo pipefail

: "${ACCOUNT_A:?set ACCOUNT_A}" "${ACCOUNT_B:?set ACCOUNT_B}"
PROFILE_A=${PROFILE_A:-a}
PROFILE_B=${PROFILE_B:-b}
PROFILE_NOTEBOOK=${PROFILE_NOTEBOOK:-notebook}
RESULTS_BUCKET=${RESULTS_BUCKET:-sagemaker-athena-results-$ACCOUNT_A}
OFFLINE_BUCKET=${OFFLINE_BUCKET:-sagemaker-featurestore-$ACCOUNT_B}
EXECUTION_ROLE=${EXECUTION_ROLE:-AmazonSageMaker-ExecutionRole-sagelite}
CROSS_ROLE=cross-account-assume-role
CROSS_ROLE_ARN=arn:aws:iam::$ACCOUNT_B:role/$CROSS_ROLE
EXECUTION_ROLE_ARN=arn:aws:iam::$ACCOUNT_A:role/$EXECUTION_ROLE
export AWS_PAGER=""
read -r -a CLI <<< "${AWS_CLI:-aws}"
ENDPOINT_ARGS=()
[ -n "${ENDPOINT:-}" ] && ENDPOINT_ARGS=(--endpoint-url "$ENDPOINT")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

aws_as() { local profile=$1; shift; "${CLI[@]}" "${ENDPOINT_ARGS[@]}" --profile "$profile" --output text "$@"; }
ok() { echo "OK $*"; }

setup() {
  # Inside account A: the results bucket first (B's custom policy names it).
  aws_as "$PROFILE_A" s3api create-bucket --bucket "$RESULTS_BUCKET" > /dev/null
  ok "A results bucket: $RESULTS_BUCKET"

  # Inside account B: the role A assumes ("Another AWS account": trusts account A), its policies.
  cat > "$WORK/trust-initial.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::$ACCOUNT_A:root" }, "Action": "sts:AssumeRole", "Condition": {} } ] }
EOF
  ok "B role: $(aws_as "$PROFILE_B" iam create-role --role-name "$CROSS_ROLE" --assume-role-policy-document "file://$WORK/trust-initial.json" --query Role.Arn)"
  for policy in AmazonS3FullAccess AmazonAthenaFullAccess AmazonSageMakerFullAccess; do
    aws_as "$PROFILE_B" iam attach-role-policy --role-name "$CROSS_ROLE" --policy-arn "arn:aws:iam::aws:policy/$policy"
  done
  cat > "$WORK/athena-results.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": [ {
      "Sid": "AthenaResultsS3BucketCrossAccountAccessPolicy",
      "Effect": "Allow",
      "Action": [ "s3:*" ],
      "Resource": [ "arn:aws:s3:::$RESULTS_BUCKET/", "arn:aws:s3:::$RESULTS_BUCKET", "arn:aws:s3:::*SageMaker*" ] } ] }
EOF
  local custom
  custom=$(aws_as "$PROFILE_B" iam create-policy --policy-name AthenaResultsS3BucketCrossAccountAccessPolicy --policy-document "file://$WORK/athena-results.json" --query Policy.Arn)
  aws_as "$PROFILE_B" iam attach-role-policy --role-name "$CROSS_ROLE" --policy-arn "$custom"
  ok "B policies: $(aws_as "$PROFILE_B" iam list-attached-role-policies --role-name "$CROSS_ROLE" --query 'AttachedPolicies[].PolicyName')"

  # Inside account B: the offline store's bucket, and the role SageMaker writes it as.
  aws_as "$PROFILE_B" s3api create-bucket --bucket "$OFFLINE_BUCKET" > /dev/null
  cat > "$WORK/trust-sagemaker.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Principal": { "Service": "sagemaker.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }
EOF
  aws_as "$PROFILE_B" iam create-role --role-name feature-store-offline-role --assume-role-policy-document "file://$WORK/trust-sagemaker.json" > /dev/null
  aws_as "$PROFILE_B" iam attach-role-policy --role-name feature-store-offline-role --policy-arn arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess
  ok "B offline store: s3://$OFFLINE_BUCKET, role feature-store-offline-role"

  # Inside account A: the notebook's execution role and its two custom policies.
  aws_as "$PROFILE_A" iam create-role --role-name "$EXECUTION_ROLE" --assume-role-policy-document "file://$WORK/trust-sagemaker.json" > /dev/null
  aws_as "$PROFILE_A" iam attach-role-policy --role-name "$EXECUTION_ROLE" --policy-arn arn:aws:iam::aws:policy/AmazonSageMakerFullAccess
  cat > "$WORK/feature-store-s3.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": [ {
      "Sid": "FeatureStoreS3AccessPolicy",
      "Effect": "Allow",
      "Action": [ "s3:PutObject", "s3:GetBucketAcl", "s3:GetObjectAcl" ],
      "Resource": [ "arn:aws:s3:::*SageMaker*" ] } ] }
EOF
  aws_as "$PROFILE_A" iam put-role-policy --role-name "$EXECUTION_ROLE" --policy-name FeatureStoreS3AccessPolicy --policy-document "file://$WORK/feature-store-s3.json"
  cat > "$WORK/assume.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "$CROSS_ROLE_ARN" } }
EOF
  aws_as "$PROFILE_A" iam put-role-policy --role-name "$EXECUTION_ROLE" --policy-name assume-cross-account-role --policy-document "file://$WORK/assume.json"
  ok "A execution role: $EXECUTION_ROLE_ARN, inline $(aws_as "$PROFILE_A" iam list-role-policies --role-name "$EXECUTION_ROLE" --query 'PolicyNames')"

  # Inside account A: the results bucket's policy (the guide's first principal, "A/ROLE", is not
  # a valid principal: the execution role's ARN stands in for it).
  cat > "$WORK/results-bucket.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": [ {
      "Sid": "MyStatementSid",
      "Effect": "Allow",
      "Principal": { "AWS": [ "$EXECUTION_ROLE_ARN", "arn:aws:iam::$ACCOUNT_A:root", "$CROSS_ROLE_ARN", "arn:aws:iam::$ACCOUNT_B:root" ] },
      "Action": "s3:*",
      "Resource": [ "arn:aws:s3:::$RESULTS_BUCKET", "arn:aws:s3:::$RESULTS_BUCKET/*" ] } ] }
EOF
  aws_as "$PROFILE_A" s3api put-bucket-policy --bucket "$RESULTS_BUCKET" --policy "file://$WORK/results-bucket.json"
  ok "A bucket policy on $RESULTS_BUCKET"

  # Inside account B: the trust names A's execution role and the SageMaker service.
  cat > "$WORK/trust-final.json" <<EOF
{ "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Principal": { "Service": "sagemaker.amazonaws.com", "AWS": "$EXECUTION_ROLE_ARN" }, "Action": "sts:AssumeRole" } ] }
EOF
  aws_as "$PROFILE_B" iam update-assume-role-policy --role-name "$CROSS_ROLE" --policy-document "file://$WORK/trust-final.json"
  ok "B trust: $(aws_as "$PROFILE_B" iam get-role --role-name "$CROSS_ROLE" --query 'Role.AssumeRolePolicyDocument.Statement[0].Principal.AWS')"
}

notebook() {
  ok "notebook is $(aws_as "$PROFILE_NOTEBOOK" sts get-caller-identity --query Arn)"
  local creds
  creds=$(aws_as "$PROFILE_NOTEBOOK" sts assume-role --role-arn "$CROSS_ROLE_ARN" --role-session-name guide-shell --duration-seconds 3600 \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')
  read -r key secret token <<< "$creds"
  # B's role as a profile of its own, for the commands that follow.
  "${CLI[@]}" configure set aws_access_key_id "$key" --profile cross-account
  "${CLI[@]}" configure set aws_secret_access_key "$secret" --profile cross-account
  "${CLI[@]}" configure set aws_session_token "$token" --profile cross-account
  ok "assumed $(aws_as cross-account sts get-caller-identity --query Arn)"
  ok "B's feature groups visible: $(aws_as cross-account sagemaker list-feature-groups --query 'length(FeatureGroupSummaries)')"

  # B's role writes into A's results bucket (as Athena does with the role's credentials)…
  printf 'cid,name\n42,guide-shell\n' > "$WORK/training.csv"
  aws_as cross-account s3 cp "$WORK/training.csv" "s3://$RESULTS_BUCKET/query_results/guide-shell/training.csv" > /dev/null
  ok "B's role wrote s3://$RESULTS_BUCKET/query_results/guide-shell/training.csv"
  # …and A's notebook reads it back as itself (the bucket owns objects written into it).
  aws_as "$PROFILE_NOTEBOOK" s3 cp "s3://$RESULTS_BUCKET/query_results/guide-shell/training.csv" "$WORK/back.csv" > /dev/null
  ok "A read back: $(tr '\n' ' ' < "$WORK/back.csv")"

  # Only a role or user may assume a role: A's root credentials are refused (as by AWS).
  if aws_as "$PROFILE_A" sts assume-role --role-arn "$CROSS_ROLE_ARN" --role-session-name root-try > /dev/null 2> "$WORK/denied.txt"; then
    echo "FAIL A's root could assume $CROSS_ROLE_ARN" >&2
    exit 1
  fi
  ok "A's root denied: $(grep -o 'AccessDenied.*' "$WORK/denied.txt" | head -1)"
}

case "${1:-}" in
  setup) setup ;;
  notebook) notebook ;;
  *) echo "usage: $0 setup|notebook" >&2; exit 2 ;;
esac
