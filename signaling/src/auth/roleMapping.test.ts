import { describe, expect, it } from 'vitest';
import { groupsFrom, rolesFromGroups, type RoleGroups } from './roleMapping';

const mapping: RoleGroups = {
  clerk: ['GG-Balie', 'GG-Burgerzaken'],
  mobile_clerk: ['GG-Mobiel-Loket'],
  supervisor: ['GG-Teamleiders'],
  administrator: ['GG-ICT-Beheer'],
};

describe('role mapping', () => {
  it('gives every role whose group the user is in, in a fixed order', () => {
    expect(rolesFromGroups(['GG-Teamleiders', 'GG-Burgerzaken', 'Iedereen'], mapping)).toEqual(['clerk', 'supervisor']);
    expect(rolesFromGroups(['GG-Mobiel-Loket'], mapping)).toEqual(['mobile_clerk']);
    expect(rolesFromGroups(['GG-ICT-Beheer', 'GG-Balie', 'GG-Mobiel-Loket', 'GG-Teamleiders'], mapping)).toEqual(['clerk', 'mobile_clerk', 'supervisor', 'administrator']);
  });

  it('gives nothing for groups outside the mapping, look-alikes in another case or with spaces', () => {
    expect(rolesFromGroups([], mapping)).toEqual([]);
    expect(rolesFromGroups(['Iedereen', 'gg-balie', 'GG-Balie ', 'GG'], mapping)).toEqual([]);
  });

  it('a role mapped to no group is never given', () => {
    expect(rolesFromGroups(['GG-Balie', ''], { ...mapping, administrator: [] })).toEqual(['clerk']);
  });

  it('reads the groups claim as an array, a single string or a dotted path, and nothing else', () => {
    expect(groupsFrom({ groups: ['a', 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsFrom({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsFrom({ realm_access: { roles: ['x', 7, null, 'y'] } }, 'realm_access.roles')).toEqual(['x', 'y']);
    expect(groupsFrom({ groups: { 0: 'a' } }, 'groups')).toEqual([]);
    expect(groupsFrom({ groups: 42 }, 'groups')).toEqual([]);
    expect(groupsFrom({}, 'groups')).toEqual([]);
    expect(groupsFrom({ realm_access: ['roles'] }, 'realm_access.roles')).toEqual([]);
  });
});
