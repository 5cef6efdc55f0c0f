//! What a signed-in person may do in each repository: the roles the
//! configuration gives by e-mail or by group claim.

use crate::serve::committee::config::{Member, RepositoryConfig};
use crate::serve::committee::signin::Identity;
use crate::serve::visitor::Role;

/// The highest role `identity` has in `repository`, or None: then the
/// person gets 403 and sees nothing of it.
pub fn role_of(repository: &RepositoryConfig, identity: &Identity) -> Option<Role> {
    let email = identity.email.as_deref().map(|e| e.trim().to_lowercase());
    let holds = |members: &[Member]| {
        members.iter().any(|member| match member {
            Member::Email(wanted) => email.as_deref() == Some(wanted.as_str()),
            Member::Group(group) => identity.groups.iter().any(|g| g == group),
        })
    };
    if holds(&repository.secretaries) {
        Some(Role::Secretary)
    } else if holds(&repository.auditors) {
        Some(Role::Auditor)
    } else if holds(&repository.readers) {
        Some(Role::Reader)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository() -> RepositoryConfig {
        RepositoryConfig {
            name: "lokal-med-1".into(),
            path: "/srv/backbrief/lokal-med-1".into(),
            remote: None,
            secretaries: vec![Member::Email("sara@kommune.dk".into())],
            readers: vec![Member::Group("Lokal-MED 1".into())],
            auditors: vec![Member::Email("revision@kommune.dk".into())],
        }
    }

    fn person(email: &str, groups: &[&str]) -> Identity {
        Identity {
            subject: email.into(),
            email: Some(email.into()),
            name: None,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            id_token: None,
        }
    }

    #[test]
    fn roles_come_from_email_or_group_and_the_highest_wins() {
        let repository = repository();
        let role = |email, groups: &[&str]| role_of(&repository, &person(email, groups));
        assert_eq!(role("Sara@Kommune.dk", &[]), Some(Role::Secretary));
        assert_eq!(
            role("sara@kommune.dk", &["Lokal-MED 1"]),
            Some(Role::Secretary)
        );
        assert_eq!(role("revision@kommune.dk", &[]), Some(Role::Auditor));
        assert_eq!(
            role("leder@kommune.dk", &["Lokal-MED 1"]),
            Some(Role::Reader)
        );
        // A group's name is compared exactly, and no e-mail is a group.
        assert_eq!(role("leder@kommune.dk", &["lokal-med 1"]), None);
        assert_eq!(role("lokal-med 1", &[]), None);
        assert_eq!(role("ude@kommune.dk", &["Hoved-MED"]), None);
        let nameless = Identity {
            subject: "x".into(),
            email: None,
            name: None,
            groups: vec![],
            id_token: None,
        };
        assert_eq!(role_of(&repository, &nameless), None);
    }
}
