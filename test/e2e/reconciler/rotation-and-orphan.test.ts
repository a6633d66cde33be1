import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from './support/sandbox-cli.js';
import { expectNoSecretLeaks } from './support/secret-leaks.js';

const CONTOSO = `  - resourceGroup: rg-containers
    name: contoso
    repositories: ["app/web"]
`;
const FABRIKAM_ORPHAN = `  - resourceGroup: rg-containers
    name: fabrikam
    deletionPolicy: orphan
    repositories: ["app/api"]
`;
const password = (expiresInDays: number, rotateBeforeDays: number) =>
  `  password:\n    expiresInDays: ${expiresInDays}\n    rotateBeforeDays: ${rotateBeforeDays}\n`;

/** Rotation hands the server a new password and stops using the old one; `orphan` stops managing, deletes nothing. */
describe('scout-acr rotation and deletionPolicy: orphan', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox('rotation');
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  const integrationOf = async (registry: number) => {
    const snap = await sandbox.snapshot();
    return snap.integrations.find((i) => i.loginServer === sandbox.world.registries[registry]?.loginServer);
  };

  it('rotates to password2 before expiry; the integration keeps working once password1 is regenerated', async () => {
    await sandbox.writeConfig(CONTOSO, { azure: password(30, 14) });
    const first = await sandbox.cli(['apply', '--auto-approve']);
    expect(first.code, first.stderr + first.stdout).toBe(0);

    await sandbox.writeConfig(CONTOSO, { azure: password(60, 45) });
    // Saved and applied as a file, so the leak check below also searches a plan that hands over a password.
    const plan = await sandbox.cli(['plan', '--detailed-exitcode', '--out', 'rotate.plan.json']);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/-\/\+.*password2|password2[\s\S]*rotated|rotated[\s\S]*password2/);
    const apply = await sandbox.cli(['apply', 'rotate.plan.json']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);

    const integration = await integrationOf(0);
    expect(integration).toBeDefined();
    expect((await sandbox.scout.integrations.test(integration?.id as string)).status).toBe('CONNECTED');

    // Invalidate password1: if the server still used it, the connection test would fail.
    const regenerated = await sandbox.azure.passwords.generate(
      { resourceGroup: sandbox.world.resourceGroup, name: 'contoso' },
      'docker-scout-readonly-token',
      { name: 'password1' },
    );
    expect(regenerated).toBeDefined();
    expect((await sandbox.scout.integrations.test(integration?.id as string)).status).toBe('CONNECTED');

    const again = await sandbox.cli(['plan', '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  }, 180_000);

  it('deletionPolicy: orphan leaves token, topic and subscription in Azure and forgets the registry', async () => {
    await sandbox.writeConfig(CONTOSO + FABRIKAM_ORPHAN);
    const add = await sandbox.cli(['apply', '--auto-approve']);
    expect(add.code, add.stderr + add.stdout).toBe(0);
    const before = await sandbox.snapshot();
    expect(before.azure.fabrikam?.tokens).toEqual(['docker-scout-readonly-token']);
    expect(before.inventories).toHaveLength(2);

    await sandbox.writeConfig(CONTOSO);
    const remove = await sandbox.cli(['apply', '--auto-approve']);
    expect(remove.code, remove.stderr + remove.stdout).toBe(0);
    const after = await sandbox.snapshot();
    expect(after.azure.fabrikam).toEqual(before.azure.fabrikam);
    expect(after.inventories.map((i) => i.address)).toEqual([expect.stringMatching(/\/contoso$/)]);

    const plan = await sandbox.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  }, 180_000);

  it('leaks no secret (API key, generated passwords, webhook secrets) in any output, file or recording', async () => {
    expectNoSecretLeaks(await sandbox.secretLeaks());
  });
});
