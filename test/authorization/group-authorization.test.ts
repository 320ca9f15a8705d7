import {
  authorizeWithGroups,
  GroupLookupError,
  groupCandidates,
  groupLookupFailureText,
  type AccessPolicy,
  type GroupMembership,
} from '../../src/authorization';
import { FakeEntraDirectory } from '../fakes/fake-entra-directory';
import { ADMINS, ALICE, BOB, NOBODY_KNOWS, PLATFORM, contractDirectory } from './group-membership.contract';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';

/** Readers: everyone; responders: the Platform group (Alice is in it through On-call) and Bob by id; admins: the Admins group. */
const POLICY: AccessPolicy = {
  allowedTenantIds: [TENANT],
  roles: {
    reader: { everyone: true, ids: [] },
    responder: { everyone: false, ids: [PLATFORM, BOB] },
    admin: { everyone: false, ids: [ADMINS] },
  },
};

describe('authorizeWithGroups: roles from groups, asked only when the object id is not enough', () => {
  let directory: FakeEntraDirectory;

  beforeEach(() => {
    directory = new FakeEntraDirectory(contractDirectory());
  });

  const principal = (objectId: string, tenantId = TENANT) => ({ objectId, tenantId });

  it('gives the role a (nested) group holds', async () => {
    expect(await authorizeWithGroups(principal(ALICE), 'acknowledge', POLICY, directory)).toEqual({
      allowed: true,
      role: 'responder',
    });
  });

  it('refuses naming the needed role when no group of theirs holds it', async () => {
    expect(await authorizeWithGroups(principal(ALICE), 'subscribe', POLICY, directory)).toEqual({
      allowed: false,
      reason: 'missing-role',
      neededRole: 'admin',
      heldRole: 'responder',
    });
    expect(
      await authorizeWithGroups(principal(NOBODY_KNOWS), 'acknowledge', POLICY, directory),
    ).toMatchObject({
      allowed: false,
      neededRole: 'responder',
    });
  });

  it('does not ask the directory when the object id or * decides, or the tenant is foreign', async () => {
    expect(await authorizeWithGroups(principal(ALICE), 'ask', POLICY, directory)).toMatchObject({
      allowed: true,
    });
    expect(await authorizeWithGroups(principal(BOB), 'resolve', POLICY, directory)).toMatchObject({
      allowed: true,
    });
    expect(
      await authorizeWithGroups(
        principal(ALICE, 'bbbbbbbb-1111-2222-3333-444444444444'),
        'acknowledge',
        POLICY,
        directory,
      ),
    ).toMatchObject({ allowed: false, reason: 'tenant-not-allowed' });
    expect(await authorizeWithGroups({ tenantId: TENANT }, 'acknowledge', POLICY, directory)).toMatchObject({
      allowed: false,
    });
    expect(directory.questions).toEqual([]);
  });

  it('asks about every id in the role lists but the principal own, once for all roles', async () => {
    expect(groupCandidates(principal(BOB), POLICY)).toEqual([PLATFORM, ADMINS]);
    await authorizeWithGroups(principal(BOB), 'subscribe', POLICY, directory);
    expect(directory.questions).toEqual([{ objectId: BOB, candidates: [PLATFORM, ADMINS] }]);
  });

  it('lets a lookup failure through to the caller, which refuses (never a role by default)', async () => {
    // A FAKE directory that refuses, as Graph does without the permission.
    const refusingDirectory: GroupMembership = {
      memberGroupsOf: () => Promise.reject(new GroupLookupError('missing-permission', 'HTTP 403')),
    };
    await expect(
      authorizeWithGroups(principal(ALICE), 'acknowledge', POLICY, refusingDirectory),
    ).rejects.toMatchObject({
      failure: 'missing-permission',
    });
  });
});

describe('groupLookupFailureText', () => {
  it('says the membership could not be checked and why, in English and Korean', () => {
    expect(groupLookupFailureText('throttled', 'responder', 'resolve an alert', 'en')).toBe(
      "Sorry, I couldn't check your group membership, so I can't tell whether you hold the responder role needed to resolve an alert (Microsoft Graph is busy; try again in a minute). If this keeps happening, tell a bot admin.",
    );
    expect(groupLookupFailureText('missing-permission', 'admin', '대화 알림 구독', 'ko')).toBe(
      '죄송합니다. 그룹 멤버 자격을 확인하지 못해 대화 알림 구독 작업에 필요한 관리자(admin) 역할이 있는지 알 수 없습니다(봇 ID에 Microsoft Graph 애플리케이션 권한 GroupMember.Read.All, User.Read.All이(가) 관리자 동의로 부여되지 않았습니다). 문제가 계속되면 봇 관리자에게 알려 주세요.',
    );
  });
});
