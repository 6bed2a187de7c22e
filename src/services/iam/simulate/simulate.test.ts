import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { MAX_ACTION_NAMES, MAX_POLICY_DOCUMENT, MAX_POLICY_INPUTS, MAX_RESOURCE_ARNS } from './limits.js';
import { runSimulation, type Simulation, type SimulationRequest } from './simulate.js';
import { TimeSlicer } from './time-slicer.js';

const ACCOUNT = '111122223333';
const principal = { kind: 'user' as const, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/simulated-caller` };

function bigPolicy(statements: number): string {
  const Statement = Array.from({ length: statements }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `s3:Get${i}*`, Resource: `arn:aws:s3:::bucket-${i}/*` }));
  Statement.push({ Sid: 'Last', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  return JSON.stringify({ Version: '2012-10-17', Statement });
}

function simulation(request: SimulationRequest): Simulation {
  return { principal, identity: (request.PolicyInputList ?? []).map((document, i) => ({ id: `PolicyInputList.${i + 1}`, type: 'none', document })), resourceAccount: ACCOUNT };
}

async function refusal(request: SimulationRequest): Promise<AwsError> {
  try {
    await runSimulation(simulation(request), request, new Date());
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('the simulation was not refused');
}

describe('simulator limits', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });

  it("answers AWS's ValidationError for members beyond the model's bounds and lists beyond sagelite's", async () => {
    const cases: Array<[SimulationRequest, RegExp]> = [
      [{ PolicyInputList: ['x'.repeat(MAX_POLICY_DOCUMENT + 1)], ActionNames: ['s3:GetObject'] }, /policyInputList\.1\.member.*less than or equal to 131072/],
      [{ PolicyInputList: Array(MAX_POLICY_INPUTS + 1).fill(policy), ActionNames: ['s3:GetObject'] }, /'policyInputList'.*less than or equal to 10$/],
      [{ PolicyInputList: [policy], ActionNames: Array(MAX_ACTION_NAMES + 1).fill('s3:GetObject') }, /'actionNames'/],
      [{ PolicyInputList: [policy], ActionNames: ['s3'] }, /actionNames\.1\.member.*greater than or equal to 3/],
      [{ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: Array(MAX_RESOURCE_ARNS + 1).fill('*') }, /'resourceArns'/],
      [{ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: ['a'.repeat(2049)] }, /resourceArns\.1\.member.*2048/],
      [{ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], MaxItems: 1001 }, /maxItems.*less than or equal to 1000/],
      [{ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], MaxItems: 0 }, /maxItems.*greater than or equal to 1/],
      [{ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'a:b', ContextKeyType: 'string', ContextKeyValues: ['x'] }] }, /contextKeyName.*greater than or equal to 5/],
    ];
    for (const [request, message] of cases) {
      const e = await refusal(request);
      assert.equal(e.code, 'ValidationError');
      assert.equal(e.status, 400);
      assert.match(e.message, message);
    }
  });

  it('evaluates only the page asked for, in action-major order, and pages on with the Marker', async () => {
    const request: SimulationRequest = { PolicyInputList: [policy], ActionNames: ['s3:GetObject', 'ec2:RunInstances'], ResourceArns: ['arn:aws:s3:::a', 'arn:aws:s3:::b', 'arn:aws:s3:::c'], MaxItems: 4 };
    const first = await runSimulation(simulation(request), request, new Date());
    const rows = first['EvaluationResults'] as Array<Record<string, string>>;
    assert.deepEqual(rows.map((r) => [r['EvalActionName'], r['EvalResourceName'], r['EvalDecision']]), [
      ['s3:GetObject', 'arn:aws:s3:::a', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::b', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::c', 'allowed'],
      ['ec2:RunInstances', 'arn:aws:s3:::a', 'implicitDeny'],
    ]);
    assert.equal(first['IsTruncated'], true);
    const next = await runSimulation(simulation(request), { ...request, Marker: first['Marker'] as string }, new Date());
    assert.deepEqual((next['EvaluationResults'] as Array<Record<string, string>>).map((r) => r['EvalResourceName']), ['arn:aws:s3:::b', 'arn:aws:s3:::c']);
    assert.equal(next['IsTruncated'], false);
    assert.equal(next['Marker'], undefined);
  });

  it('a large simulation yields to the event loop: a timer set before it fires while it runs', async () => {
    const request: SimulationRequest = { PolicyInputList: [bigPolicy(800)], ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::b/${i}`), MaxItems: 600 };
    let finished = false;
    let timerRanBeforeEnd: boolean | undefined;
    setImmediate(() => (timerRanBeforeEnd = !finished));
    const slicer = new TimeSlicer(1);
    const out = await runSimulation(simulation(request), request, new Date(), slicer);
    finished = true;
    assert.equal((out['EvaluationResults'] as unknown[]).length, 600);
    assert.ok(slicer.yields > 0);
    assert.equal(timerRanBeforeEnd, true);
  });
});
