import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { citizenJoin, newContext, storeDeskAuth } from './support/browser';
import { createCall, loginClerk } from './support/api';
import { expectNoAxeViolations } from './support/axe';

// Issue 12 item 3: a supervisor sees every live call and everyone waiting, since when, and
// hands a call to a clerk, whose call list then says so. The first account administers, so
// it may supervise.

const run = sharedRun();

describe("the supervisor's overview", () => {
  it('lists the live call with who waits since when; handing it over shows in the row and in the call list; axe-clean', async () => {
    const login = await loginClerk(run.server);
    expect(login.clerk.supervisor).toBe(true);
    const created = await createCall(run.server, login.token, 'Toezichttest');
    const citizen = await (await newContext(run.browser, run.server)).newPage();
    await citizenJoin(citizen, created.citizenLink, 'Bert Janssens');
    await citizen.getByTestId('waiting-room').waitFor({ timeout: 20_000 });

    const context = await newContext(run.browser, run.server);
    await storeDeskAuth(context, login);
    const desk = await context.newPage();
    await desk.goto('/desk/');
    await desk.getByTestId('nav-supervisor').click();
    const row = desk.locator(`[data-testid="supervised-call"][data-call-id="${created.call.callId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('supervised-waiting').innerText()).toBe('Bert Janssens wacht minder dan een minuut');
    await expectNoAxeViolations(desk, "supervisor's overview");

    await row.getByRole('combobox', { name: 'Overdragen aan, voor Toezichttest' }).selectOption({ label: 'Baliemedewerker' });
    await row.getByRole('button', { name: 'Overdragen: Toezichttest' }).click();
    await desk.getByRole('status').filter({ hasText: 'Toezichttest is overgedragen aan Baliemedewerker.' }).waitFor();
    expect(await row.getByTestId('handed-to').innerText()).toBe('Aan u overgedragen');

    await desk.getByTestId('nav-calls').click();
    const listed = desk.getByTestId('call-list').locator('tr').filter({ hasText: 'Toezichttest' });
    expect(await listed.getByTestId('call-handed-to').innerText()).toBe('Aan u overgedragen');
    await Promise.all([context.close(), citizen.context().close()]);
  });
});
