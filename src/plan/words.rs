//! The model in words: a status and a working community named as the
//! committee names them, in the plan's language. Plan and history use
//! these as much as the views do.

use crate::i18n::{Common, Lang, Message};
use crate::plan::model::{Community, Status};

/// The word for a status in `lang`.
pub fn status_word(status: Status, lang: Lang) -> String {
    match status {
        Status::Planned => Common::StatusPlanned,
        Status::InProgress => Common::StatusInProgress,
        Status::Done => Common::StatusDone,
        Status::Blocked => Common::StatusBlocked,
        Status::Cancelled => Common::StatusCancelled,
    }
    .get(lang)
}

/// A community named as "Stærkere sammen" names it.
pub fn community_name(community: Community, lang: Lang) -> String {
    match community {
        Community::Organisational => Common::CommunityOrganisational,
        Community::Task => Common::CommunityTask,
        Community::Professional => Common::CommunityProfessional,
        Community::Collegial => Common::CommunityCollegial,
    }
    .get(lang)
}
