import type { EntityManager } from '@mikro-orm/postgresql';
import { generatePassword } from '../areas/accounts/passwords.ts';
import { systemActor } from '../core/actor.ts';
import { createAccount } from '../areas/accounts/account-service.ts';
import { Organisation } from '../core/organisation.ts';
import { createOrganisation } from './organisation-service.ts';
import type { Role, Title, UnitKind } from '../core/titles.ts';
import { Unit } from '../areas/accounts/unit.ts';
import { syncCabinet } from '../areas/folders/cabinet.ts';
import { executeWith } from '../areas/folders/sql.ts';

/**
 * The demo agency created on the first start of an empty database, so that a new install can be
 * tried at once: a department with its units and one account for every role.
 */
export const UNITS: { code: string; name: string; kind: UnitKind; parent?: string }[] = [
  { code: 'VP', name: 'Văn phòng Sở', kind: 'VAN_PHONG' },
  { code: 'QLTM', name: 'Phòng Quản lý thương mại', kind: 'PHONG' },
  { code: 'KTAT', name: 'Phòng Kỹ thuật an toàn - Môi trường', kind: 'PHONG' },
  { code: 'CNTT', name: 'Ban Công nghệ thông tin', kind: 'BAN', parent: 'VP' },
  { code: 'TTIN', name: 'Nhóm Thông tin', kind: 'NHOM', parent: 'CNTT' },
  { code: 'MC', name: 'Bộ phận Một cửa', kind: 'NHOM', parent: 'VP' },
  { code: 'PC', name: 'Phòng Pháp chế', kind: 'PHONG' },
];

export const DEMO_PEOPLE: { fullName: string; unit: string; title: Title; roles: Role[] }[] = [
  { fullName: 'Nguyễn Văn Minh', unit: 'VP', title: 'LEADER', roles: ['LEADER'] },
  { fullName: 'Trần Thị Lan', unit: 'VP', title: 'DEPUTY_LEADER', roles: ['DEPUTY_LEADER'] },
  { fullName: 'Lê Hoàng Nam', unit: 'QLTM', title: 'UNIT_HEAD', roles: ['UNIT_HEAD'] },
  { fullName: 'Nguyễn Thị Thu Hà', unit: 'QLTM', title: 'SPECIALIST', roles: ['SPECIALIST'] },
  { fullName: 'Phạm Thị Mai', unit: 'VP', title: 'CLERK', roles: ['CLERK'] },
  { fullName: 'Hoàng Văn Hùng', unit: 'VP', title: 'CLERK', roles: ['CLERK', 'CONFIDENTIAL_CLERK'] },
  { fullName: 'Đặng Đình Đức', unit: 'CNTT', title: 'IT_OFFICER', roles: ['IT_OFFICER'] },
  { fullName: 'Võ Thị Hồng', unit: 'TTIN', title: 'UNIT_HEAD', roles: ['INFORMATION_LEAD', 'MAILBOX_READER', 'SPECIALIST'] },
  { fullName: 'Bùi Văn Tâm', unit: 'TTIN', title: 'SPECIALIST', roles: ['MAILBOX_READER', 'SPECIALIST'] },
  { fullName: 'Đỗ Thị Hạnh', unit: 'MC', title: 'SPECIALIST', roles: ['ONE_STOP_DESK'] },
  { fullName: 'Lý Văn Pháp', unit: 'PC', title: 'SPECIALIST', roles: ['LEGAL_APPRAISER', 'SPECIALIST'] },
];

export interface DemoResult {
  password: string;
  generated: boolean;
  accounts: { username: string; fullName: string; roles: Role[] }[];
}

export interface OrganisationSpec {
  name: string;
  abbreviation: string;
  usernameSuffix: string;
}

/**
 * An organisation with the demo's units and people, every account with `password` and no forced
 * change. Used for the demo agency and by tests that need more than one organisation.
 */
export async function seedOrganisation(em: EntityManager, spec: OrganisationSpec, password: string): Promise<DemoResult & { organisationId: string }> {
  const organisation = await createOrganisation(em, spec);
  em.setFilterParams('tenant', { organisationId: organisation.id });
  const units = new Map<string, string>();
  for (const unitSpec of UNITS) {
    const unit = em.create(Unit, {
      organisation: organisation.id,
      parent: unitSpec.parent ? units.get(unitSpec.parent) ?? null : null,
      name: unitSpec.name,
      code: unitSpec.code,
      kind: unitSpec.kind,
    });
    units.set(unitSpec.code, unit.id);
  }
  await em.flush();
  const actor = systemActor(organisation.id);
  const accounts: DemoResult['accounts'] = [];
  for (const person of DEMO_PEOPLE) {
    const { account } = await createAccount(em, actor, {
      fullName: person.fullName,
      unitId: units.get(person.unit) as string,
      title: person.title,
      roles: person.roles,
      initialPassword: password,
      // The operator chose (or was just shown) this password: no forced change for a demo.
      mustChangePassword: false,
    });
    accounts.push({ username: account.username, fullName: account.fullName, roles: person.roles });
  }
  // The cabinet with a folder per unit and a personal area per account (seed 002 Art. 10).
  await syncCabinet(executeWith(em), organisation.id);
  return { organisationId: organisation.id, password, generated: false, accounts };
}

/** Creates the demo agency when the database has no organisation yet; otherwise does nothing. */
export async function ensureDemoOrganisation(root: EntityManager, demoPassword?: string): Promise<DemoResult | null> {
  return root.transactional(async (em) => {
    // One instance seeds even when several start together on an empty database.
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', ['vanthu:demo-seed']);
    if ((await em.count(Organisation, {})) > 0) return null;
    const password = demoPassword || generatePassword();
    const seeded = await seedOrganisation(em, { name: 'Sở Công Thương (dữ liệu mẫu)', abbreviation: 'SCT', usernameSuffix: 'sct' }, password);
    return { password, generated: !demoPassword, accounts: seeded.accounts };
  });
}
